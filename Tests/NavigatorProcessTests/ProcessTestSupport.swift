import Foundation
import Logging
import NavigatorConfig
@testable import NavigatorProcess
import Synchronization

/// Helpers shared by the process tests.
enum ProcessTestSupport {
    /// `Tests/Fixtures/upstream.py`.
    static var upstreamScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/upstream.py").path
    }

    /// A quiet logger.
    static var logger: Logger {
        var logger = Logger(label: "process-test")
        logger.logLevel = .critical
        return logger
    }

    /// A distinct port range per test, so parallel tests never race for the same port.
    static func startPort() -> Int {
        20_000 + Int(nextRange.add(1, ordering: .relaxed).oldValue) * 150
    }

    private static let nextRange = Atomic<Int32>(Int32(ProcessInfo.processInfo.processIdentifier % 40))

    /// A tenant running the fixture upstream with extra environment.
    static func tenant(
        _ name: String, env: [String: String] = [:], startupTimeout: Duration = .seconds(20), trackWebsockets: Bool = true
    ) -> TenantSpec {
        TenantSpec(
            path: "/\(name)/", name: name, root: FileManager.default.temporaryDirectory.path,
            command: AppCommand(executable: "python3", arguments: [upstreamScript]),
            env: env.sorted { $0.key < $1.key }.map { EnvironmentEntry($0.key, $0.value) }, healthCheck: "/up",
            trackWebsockets: trackWebsockets, startupTimeout: startupTimeout)
    }

    /// A supervisor over a fresh port range.
    static func supervisor(
        idleTimeout: Duration = .seconds(600), maxSize: Int? = nil, stopGrace: Duration = .seconds(5),
        output: @escaping ChildOutputSink = { _ in }
    ) -> TenantSupervisor {
        TenantSupervisor(
            logger: logger,
            pools: PoolSettings(idleTimeout: idleTimeout, startPort: startPort(), maxSize: maxSize, stopGrace: stopGrace),
            output: output, registry: ChildRegistry(path: nil))
    }

    /// Polls `condition` until it holds or `limit` passes; returns whether it held.
    static func eventually(limit: Duration = .seconds(15), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return await condition()
    }

    /// GETs `path` from `127.0.0.1:port` with curl, without blocking a concurrency thread; the body or `nil`.
    static func get(port: Int, path: String) async -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("get-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: bodyFile) }
        process.arguments = ["-s", "--max-time", "20", "-o", bodyFile, "http://127.0.0.1:\(port)\(path)"]
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume()
            }
        }
        guard process.terminationStatus == 0 else { return nil }
        return try? String(contentsOfFile: bodyFile, encoding: .utf8)
    }
}

/// Collects child output lines.
final class OutputLines: Sendable {
    private let storage = Mutex<[ChildOutputLine]>([])

    var sink: ChildOutputSink { { [self] line in storage.withLock { $0.append(line) } } }

    var lines: [ChildOutputLine] { storage.withLock { $0 } }
}
