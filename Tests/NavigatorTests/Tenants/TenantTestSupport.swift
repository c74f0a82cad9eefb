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

    /// Runs curl; returns (status code, body, headers). `arguments` go before the URL.
    @discardableResult
    static func curl(_ url: String, _ arguments: [String] = [], timeout: Int = 30) throws
        -> (status: Int, body: String, headers: String, size: Int) {
        let directory = FileManager.default.temporaryDirectory
        let headerFile = directory.appendingPathComponent("h-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: headerFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "\(timeout)", "-D", headerFile, "-w", "\n%{size_download} %{http_code}"] + arguments + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        let trailer = text.split(separator: "\n").last?.split(separator: " ") ?? []
        let size = trailer.first.flatMap { Int($0) } ?? 0
        let status = trailer.last.flatMap { Int($0) } ?? 0
        if let newline = text.lastIndex(of: "\n") { text = String(text[..<newline]) }
        let headers = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        return (status, text, headers, size)
    }

    /// Polls until `condition` holds or `limit` passes.
    static func eventually(limit: Duration = .seconds(20), _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
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
