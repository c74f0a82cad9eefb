import Foundation
import NavigatorTestSupport
import Synchronization

/// Shared pieces of the live tenant tests: the fixture upstream, distinct port ranges, curl.
enum TenantTestSupport {
    /// `Tests/Fixtures/upstream.py`.
    static var upstreamScript: String {
        LiveNavigator.repositoryRoot.appendingPathComponent("Tests/Fixtures/upstream.py").path
    }

    /// A distinct `start_port` per test (parallel tests never race for ports).
    static func startPort() -> Int {
        30_000 + Int(next.add(1, ordering: .relaxed).oldValue) * 150
    }

    private static let next = Atomic<Int32>(Int32(ProcessInfo.processInfo.processIdentifier % 40))

    /// A tenant entry running the fixture upstream; `extra` lines are indented by four spaces.
    static func tenantYAML(path: String, env: [String: String] = [:], extra: String = "") -> String {
        var text = """
              - path: \(path)
                root: \(LiveNavigator.repositoryRoot.appendingPathComponent("Tests/Fixtures").path)
                runtime: python3
                server: upstream.py
                args: []
                health_check: /up

            """
        if !env.isEmpty {
            text += "    env:\n" + env.sorted { $0.key < $1.key }.map { "      \($0.key): \"\($0.value)\"\n" }.joined()
        }
        return text + extra
    }

    /// A complete config with `tenants` (YAML list entries) and pool settings.
    static func config(tenants: String, pools: String = "", applications: String = "") -> String {
        """
        server:
          listen: "127.0.0.1:0"
        applications:
        \(applications)  pools:
            start_port: \(startPort())
        \(pools)  tenants:
        \(tenants)
        """
    }

    /// Runs curl without blocking a concurrency thread (a blocked thread would stall the servers' other tests);
    /// returns (status code, body, headers, bytes downloaded). `arguments` go before the URL.
    @discardableResult
    static func curl(_ url: String, _ arguments: [String] = [], timeout: Int = 30) async throws
        -> (status: Int, body: String, headers: String, size: Int) {
        let directory = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let headerFile = directory.appendingPathComponent("h-\(token)").path
        let bodyFile = directory.appendingPathComponent("b-\(token)").path
        defer {
            try? FileManager.default.removeItem(atPath: headerFile)
            try? FileManager.default.removeItem(atPath: bodyFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "\(timeout)", "-D", headerFile, "-o", bodyFile,
                             "-w", "%{size_download} %{http_code}"] + arguments + [url]
        let trailerPipe = Pipe()
        process.standardOutput = trailerPipe
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume()
            }
        }
        let trailer = String(decoding: trailerPipe.fileHandleForReading.availableData, as: UTF8.self).split(separator: " ")
        let size = trailer.first.flatMap { Int($0) } ?? 0
        let status = trailer.last.flatMap { Int($0) } ?? 0
        let body = (try? String(contentsOfFile: bodyFile, encoding: .utf8)) ?? ""
        let headers = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        return (status, body, headers, size)
    }

    /// Polls until `condition` holds or `limit` passes.
    static func eventually(limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// A `/proc/<pid>/status` field in kB (`VmRSS`, `VmHWM`).
    static func memoryKB(pid: Int32, field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
        }
        return nil
    }

    /// Whether a process with this pid exists (and is not a zombie).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }
}
