import Foundation
import NavigatorTestSupport
import Synchronization

/// `Tests/Fixtures/upstream.py` run on its own (not as a tenant), on a port the kernel picks, as the target of
/// `reverse_proxies` routes in live tests.
final class FixtureUpstream: Sendable {
    /// The process.
    let process: Process
    /// The port it listens on (127.0.0.1).
    let port: Int
    private let output: OutputText

    /// Thread-safe text the output handler appends to.
    final class OutputText: Sendable {
        let text = Mutex("")
    }

    private init(process: Process, port: Int, output: OutputText) {
        self.process = process
        self.port = port
        self.output = output
    }

    /// Everything the upstream printed so far (one `request …` line per request it answered).
    var outputText: String { output.text.withLock { $0 } }

    /// Starts the fixture and waits for its `listening <port>` line.
    static func start(timeout: Duration = .seconds(20)) async throws -> FixtureUpstream {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TenantTestSupport.upstreamScript]
        var environment = ProcessInfo.processInfo.environment
        environment["PORT"] = "0"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = OutputText()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = output.text.withLock { $0 }
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening ") }),
               let port = Int(line.dropFirst("listening ".count)) {
                return FixtureUpstream(process: process, port: port, output: output)
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                throw RawSocketError.failed("upstream.py did not start: \(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `http://127.0.0.1:<port>`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// A config with one plain `reverse_proxies` route from `prefix` to this upstream.
    func routeConfig(prefix: String) -> String {
        """
        server:
          listen: "127.0.0.1:0"
        routes:
          reverse_proxies:
            - prefix: \(prefix)
              target: \(url)
        """
    }

    /// Stops the process with SIGKILL: a child of the test process may inherit a mask that blocks SIGTERM, and
    /// waiting for a SIGTERM that never lands hung a whole test run.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
