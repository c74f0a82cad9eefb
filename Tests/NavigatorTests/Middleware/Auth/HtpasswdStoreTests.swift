import Foundation
import Logging
import NIOPosix
import Synchronization
import Testing

@testable import Navigator

/// D21: changes to the file are noticed while serving; the cache never outlives the file version it was built on.
@Suite struct HtpasswdStoreTests {
    /// A temporary htpasswd file.
    final class TempFile {
        let path = FileManager.default.temporaryDirectory.path + "/htpasswd-" + UUID().uuidString
        func write(_ text: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Waits (polling) until `condition` holds or `limit` passes; returns the time it took, or `nil`.
    static func waitUntil(_ limit: Duration = .seconds(5), _ condition: () async -> Bool) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if await condition() { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func aRemovedUserIsRefusedWithinASecondAndAnAddedOneAdmitted() async throws {
        let file = TempFile()
        try file.write(try ExternalTool.htpasswd(["-B", "-C", "4"], user: "alice", password: "a-pw") + "\n"
            + (try ExternalTool.htpasswd(["-m"], user: "bob", password: "b-pw")) + "\n")
        let services = AuthServices()
        let store = try services.store(path: file.path, logger: TestLogger.logger)
        #expect(await store.verify(user: "alice", password: Array("a-pw".utf8)))
        #expect(await store.verify(user: "bob", password: Array("b-pw".utf8)))
        #expect(store.cache.count == 2)

        // `htpasswd -D` rewrites the file in place, as an operator would.
        _ = try ExternalTool.run(["htpasswd", "-D", file.path, "alice"])
        _ = try ExternalTool.run(["htpasswd", "-b", "-s", file.path, "carol", "c-pw"])
        let removed = try await Self.waitUntil { await !store.verify(user: "alice", password: Array("a-pw".utf8)) }
        // Noticed without a failed login triggering a reload (D21); the 1 s bound is the 250 ms poll interval's.
        _ = try #require(removed, "alice kept access")
        #expect(await store.verify(user: "carol", password: Array("c-pw".utf8)))
        #expect(await store.verify(user: "bob", password: Array("b-pw".utf8)))
    }

    @Test func aChangedPasswordInvalidatesTheCache() async throws {
        let file = TempFile()
        try file.write("dave:{PLAIN}old\n")
        let services = AuthServices(pollInterval: .milliseconds(50))
        let store = try services.store(path: file.path, logger: TestLogger.logger)
        #expect(await store.verify(user: "dave", password: Array("old".utf8)))
        try file.write("dave:{PLAIN}new\n")
        #expect(try await Self.waitUntil { await store.verify(user: "dave", password: Array("new".utf8)) } != nil)
        #expect(await !store.verify(user: "dave", password: Array("old".utf8)))
    }

    @Test func anUnreadableFileKeepsTheLastGoodUsersAndLogsOnce() async throws {
        let file = TempFile()
        try file.write("erin:{PLAIN}pw\n")
        let log = TestLogger()
        let services = AuthServices(pollInterval: .milliseconds(30))
        let store = try services.store(path: file.path, logger: log.logger)
        let before = store.generation
        // As root, permissions do not stop a read: make the path a directory instead, which cannot be read as a file.
        try FileManager.default.removeItem(atPath: file.path)
        try FileManager.default.createDirectory(atPath: file.path, withIntermediateDirectories: false)
        #expect(try await Self.waitUntil { log.messages.contains { $0.contains("Failed to reload htpasswd file") } } != nil)
        try await Task.sleep(for: .milliseconds(200))
        #expect(log.messages.filter { $0.contains("Failed to reload htpasswd file") }.count == 1)
        #expect(await store.verify(user: "erin", password: Array("pw".utf8)))
        #expect(store.generation == before)
        // Readable again: picked up.
        try FileManager.default.removeItem(atPath: file.path)
        try file.write("erin:{PLAIN}pw2\n")
        #expect(try await Self.waitUntil { await store.verify(user: "erin", password: Array("pw2".utf8)) } != nil)
    }

    @Test func theSameFileSharesOneStoreAcrossReloads() throws {
        let file = TempFile()
        try file.write("x:{PLAIN}y\n")
        let services = AuthServices()
        let first = try services.store(path: file.path, logger: TestLogger.logger)
        let second = try services.store(path: file.path, logger: TestLogger.logger)
        #expect(first === second)
    }

    @Test func aMissingFileIsALoadError() {
        let services = AuthServices()
        #expect(throws: HtpasswdStore.LoadError.self) {
            _ = try services.store(path: "/nonexistent/htpasswd", logger: TestLogger.logger)
        }
    }

    @Test func concurrentChecksOfTheSameCredentialsShareOneHash() async throws {
        let file = TempFile()
        try file.write(try ExternalTool.htpasswd(["-B", "-C", "6"], user: "fay", password: "pw") + "\n")
        let services = AuthServices(cacheCapacity: 0)
        let store = try services.store(path: file.path, logger: TestLogger.logger)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 { group.addTask { await store.verify(user: "fay", password: Array("pw".utf8)) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 20))
        #expect(store.cache.count == 0)
    }

    @Test func cacheIsBoundedAndLeastRecentlyUsedGoesFirst() {
        let cache = CredentialCache(capacity: 2)
        let a = cache.key(user: "a", password: [1])
        let b = cache.key(user: "b", password: [1])
        let c = cache.key(user: "c", password: [1])
        cache.insert(a, generation: 1)
        cache.insert(b, generation: 1)
        #expect(cache.contains(a, generation: 1))
        cache.insert(c, generation: 1)
        #expect(cache.count == 2)
        #expect(cache.contains(a, generation: 1))
        #expect(!cache.contains(b, generation: 1))
        #expect(!cache.contains(a, generation: 2))
        cache.insert(b, generation: 2)
        #expect(cache.count == 1)
        // A late result for an older file version is dropped.
        cache.insert(a, generation: 1)
        #expect(!cache.contains(a, generation: 1))
        #expect(cache.key(user: "a", password: [1]) != cache.key(user: "a", password: [2]))
        #expect(cache.key(user: "ab", password: [1]) != cache.key(user: "a", password: Array("b\u{0}".utf8) + [1]))
    }
}

/// A logger that keeps its messages (for "logs an error" assertions).
final class TestLogger: Sendable {
    private let storage = LineStore()

    /// A quiet logger for tests that do not look at messages.
    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// A logger writing into this collector.
    var logger: Logger {
        let storage = storage
        var logger = Logger(label: "test") { _ in CollectingLogHandler(storage: storage) }
        logger.logLevel = .debug
        return logger
    }

    /// Every message so far.
    var messages: [String] { storage.lines }
}

/// Thread-safe line storage.
final class LineStore: Sendable {
    private let lines_ = Mutex<[String]>([])
    func append(_ line: String) { lines_.withLock { $0.append(line) } }
    var lines: [String] { lines_.withLock { $0 } }
}

/// A log handler appending `level message` lines.
struct CollectingLogHandler: LogHandler {
    let storage: LineStore
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        storage.append("\(event.level) \(event.message)")
    }
}
