import AsyncHTTPClient
import Foundation
import NavigatorTestSupport
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// Twenty reloads, alternating valid edits and invalid files, while concurrent clients keep loading the real binary
/// (static file, redirect, a tenant backed by the demo app) and cable sockets stay subscribed (docs/RELOAD.md).
@Suite(.serialized) struct ReloadUnderLoadTests {
    static let clients = 8
    static let minimumRequests = 3_000
    static let reloads = 20

    /// The config of valid reload `version`; every fifth version changes both tenants' environment: /demo/ is
    /// replaced side by side, /legacy/ (it names a `PIDFILE`) is stopped after its requests drain and started again.
    static func config(version: Int, startPort: Int) -> String {
        let demo = LiveNavigator.repositoryRoot.appendingPathComponent("examples/demo").path
        let pidFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("navigator-reload-legacy-\(ProcessInfo.processInfo.processIdentifier).pid").path
        return """
            server:
              listen: "127.0.0.1:0"
            routes:
              redirects:
                - from: "^/version$"
                  to: /v\(version)
            applications:
              pools:
                start_port: \(startPort)
              tenants:
                - path: /demo/
                  root: \(demo)
                  runtime: python3
                  server: app.py
                  args: []
                  health_check: /demo/up
                  startup_timeout: 60s
                  env:
                    GENERATION: "\(version / 5)"
                - path: /legacy/
                  root: \(demo)
                  runtime: python3
                  server: app.py
                  args: []
                  health_check: /legacy/up
                  startup_timeout: 60s
                  env:
                    GENERATION: "\(version / 5)"
                    PIDFILE: \(pidFile)

            """
    }

    /// An invalid file whose error sits on line `line` (a duration that is not one).
    static func invalidConfig(line: Int) -> String {
        String(repeating: "# padding\n", count: line - 5) + """
            server:
              listen: "127.0.0.1:0"
            applications:
              pools:
                timeout: soon

            """
    }

    /// Counts outcomes of the load clients and tells them when to stop.
    final class Tally: Sendable {
        private let state = Mutex<(ok: Int, failed: [String], stopping: Bool)>((0, [], false))
        func record(ok: Bool, _ what: @autoclosure () -> String) {
            state.withLock { if ok { $0.ok += 1 } else { $0.failed.append(what()) } }
        }
        var ok: Int { state.withLock { $0.ok } }
        var failed: [String] { state.withLock { $0.failed } }
        /// Clients go on until the reloads are done and at least `minimum` requests were made.
        func goOn(minimum: Int) -> Bool { state.withLock { !$0.stopping || $0.ok + $0.failed.count < minimum } }
        func stop() { state.withLock { $0.stopping = true } }
    }

    @Test func twentyReloadsUnderLoadFailNoRequestAndDropNoSocket() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let publicDir = directory.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicDir, withIntermediateDirectories: true)
        try "hello\n".write(to: publicDir.appendingPathComponent("hello.txt"), atomically: true, encoding: .utf8)
        let startPort = 40_000 + Int(ProcessInfo.processInfo.processIdentifier % 50) * 100
        let server = try await LiveNavigator.start(config: Self.config(version: 0, startPort: startPort), directory: directory)
        defer { Task { await server.stop() } }
        let configURL = directory.appendingPathComponent("navigator.yml")

        var sockets: [TestSocket] = []
        for _ in 0..<3 {
            let socket = try await TestSocket.connect(port: server.port)
            try await socket.subscribe("reload-load")
            sockets.append(socket)
        }
        // The tenant is warm before the load starts, so every request counts the same.
        #expect(try await HTTPClient.shared.get(url: server.url("/demo/up")).get().status == .ok)
        #expect(try await HTTPClient.shared.get(url: server.url("/legacy/up")).get().status == .ok)

        // Redirects are answers to count, not to follow.
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .disallow))
        defer { _ = client.shutdown() }
        let tally = Tally()
        let targets: [(path: String, expected: HTTPResponseStatus)] = [
            ("/hello.txt", .ok), ("/version", .found), ("/demo/info", .ok), ("/legacy/info", .ok),
        ]
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<Self.clients {
                    group.addTask {
                        var index = worker
                        while tally.goOn(minimum: Self.minimumRequests) {
                            let target = targets[index % targets.count]
                            index += 1
                            do {
                                let response = try await client.execute(
                                    HTTPClientRequest(url: server.url(target.path)), timeout: .seconds(60))
                                _ = try await response.body.collect(upTo: 1 << 20)
                                tally.record(ok: response.status == target.expected, "\(target.path) → \(response.status)")
                            } catch {
                                tally.record(ok: false, "\(target.path) → \(error)")
                            }
                        }
                    }
                }
            }
        }

        var invalidLines: [Int] = []
        for round in 1...Self.reloads {
            if round.isMultiple(of: 2) {
                let line = 5 + round
                invalidLines.append(line)
                try Self.invalidConfig(line: line).write(to: configURL, atomically: true, encoding: .utf8)
            } else {
                try Self.config(version: round, startPort: startPort).write(to: configURL, atomically: true, encoding: .utf8)
            }
            server.send(signal: SIGHUP)
            try await Self.waitForReloads(server, count: round)
            if !round.isMultiple(of: 2) {
                let response = try await client.get(url: server.url("/version")).get()
                #expect(response.headers.first(name: "Location") == "/v\(round)")
            }
        }
        // The load goes on until the app runs the last definition (replacements may still be starting).
        let last = "GENERATION=\((Self.reloads - 1) / 5)"
        for tenant in ["/demo/", "/legacy/"] {
            #expect(try await Self.eventually { try await Self.environment(of: tenant, client, server).contains(last) })
        }
        tally.stop()
        await load.value

        let failed = tally.failed
        let tenantLog = server.outputLines.filter { $0.contains("level=") && $0.contains("tenant=") }.suffix(40)
        #expect(failed.count == 0, "failed requests, first ten: \(failed.prefix(10))\n\(tenantLog.joined(separator: "\n"))")
        #expect(tally.ok + failed.count >= Self.minimumRequests)
        let output = server.outputText
        #expect(output.components(separatedBy: "Failed to reload configuration").count - 1 == Self.reloads / 2)
        #expect(output.components(separatedBy: "Configuration reloaded successfully").count - 1 == Self.reloads / 2)
        for line in invalidLines {
            #expect(output.contains("navigator.yml:\(line):"), "invalid reload at line \(line) not logged with its line")
        }
        #expect(output.contains("Tenant app replaced"))
        #expect(output.contains("Replacing tenant app whose definition changed"))

        // Every socket is still connected and subscribed: a broadcast reaches each, and nothing closed them.
        try await LiveCableTests.broadcast(server, #"{"stream":"reload-load","data":"still here"}"#)
        for socket in sockets {
            #expect(try await socket.nextText() == #"{"type":"message","stream":"reload-load","data":"still here"}"#)
        }
        await server.stop()
    }

    /// The environment of the process of the demo app at `tenant` (`/proc/<pid>/environ`, NUL-separated).
    static func environment(of tenant: String, _ client: HTTPClient, _ server: LiveNavigator) async throws -> [String] {
        let response = try await client.execute(HTTPClientRequest(url: server.url(tenant + "info")), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let pid = object["pid"] as? Int,
              let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return [] }
        return environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Polls `condition` for up to 60 s.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Waits until `count` reloads have finished (either way).
    static func waitForReloads(_ server: LiveNavigator, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = server.outputText
            let finished = text.components(separatedBy: "Configuration reloaded successfully").count - 1
                + text.components(separatedBy: "Failed to reload configuration").count - 1
            if finished >= count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LiveNavigatorError.outputMissing("reload number \(count)", output: server.outputText)
    }
}
