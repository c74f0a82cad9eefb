import Foundation
import Testing

@testable import Navigator

/// A failed login looks at the htpasswd file at once, so a user just appended is accepted on the first try (as
/// Navigator, which re-reads on a miss); the checks are rate-limited so guessing cannot turn misses into reads.
@Suite struct HtpasswdMissCheckTests {
    /// Services whose watcher never polls within a test, so only a miss can notice a change.
    static func services(missCheckInterval: Duration) -> AuthServices {
        AuthServices(pollInterval: .seconds(3600), missCheckInterval: missCheckInterval)
    }

    @Test func anAppendedUserIsAcceptedOnTheFirstTry() async throws {
        let file = HtpasswdStoreTests.TempFile()
        try file.write(try ExternalTool.htpasswd(["-B", "-C", "4"], user: "alice", password: "a-pw") + "\n")
        let store = try Self.services(missCheckInterval: .milliseconds(1)).store(path: file.path, logger: TestLogger.logger)
        let before = store.generation
        _ = try ExternalTool.run(["htpasswd", "-b", "-B", "-C", "4", file.path, "dave", "d-pw"])
        #expect(await store.verify(user: "dave", password: Array("d-pw".utf8)))
        #expect(store.generation == before + 1)
        #expect(await store.verify(user: "alice", password: Array("a-pw".utf8)))
    }

    @Test func missesWithinTheIntervalDoNotLookAtTheFile() async throws {
        let file = HtpasswdStoreTests.TempFile()
        try file.write("alice:{PLAIN}a-pw\n")
        let store = try Self.services(missCheckInterval: .seconds(3600)).store(path: file.path, logger: TestLogger.logger)
        let before = store.generation
        // The first miss uses the check (nothing changed yet); the user added after it waits for the watcher.
        #expect(await !store.verify(user: "alice", password: Array("guess".utf8)))
        _ = try ExternalTool.run(["htpasswd", "-b", "-s", file.path, "erin", "e-pw"])
        for _ in 0..<50 { #expect(await !store.verify(user: "erin", password: Array("e-pw".utf8))) }
        #expect(store.generation == before)
    }

    @Test func anUnchangedFileIsNotReadAgainOnAMiss() async throws {
        let file = HtpasswdStoreTests.TempFile()
        try file.write("alice:{PLAIN}a-pw\n")
        let store = try Self.services(missCheckInterval: .milliseconds(1)).store(path: file.path, logger: TestLogger.logger)
        let before = store.generation
        for _ in 0..<5 {
            #expect(await !store.verify(user: "alice", password: Array("guess".utf8)))
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(store.generation == before)
    }
}
