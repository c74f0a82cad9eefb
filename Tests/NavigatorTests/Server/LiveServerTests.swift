import AsyncHTTPClient
import Foundation
import NavigatorTestSupport
import NIOCore
import Testing

/// The real binary, started on a real port: lifecycle, signals, pid file, limits, reload.
@Suite(.serialized) struct LiveServerTests {
    static let minimal = """
        server:
          listen: "127.0.0.1:0"
        """

    @Test func servesAndCleansUpThePidFileOnEachShutdownSignal() async throws {
        for signal in [SIGTERM, SIGINT, SIGQUIT] {
            let server = try await LiveNavigator.start(config: Self.minimal)
            #expect(try String(contentsOfFile: server.pidFile, encoding: .utf8) == String(server.process.processIdentifier))
            let response = try await HTTPClient.shared.get(url: server.url("/missing")).get()
            #expect(response.status == .notFound)
            #expect(response.body.map { String(buffer: $0) } == "404 page not found\n")
            server.send(signal: signal)
            #expect(try await server.waitForExit() == 0)
            #expect(!FileManager.default.fileExists(atPath: server.pidFile))
            #expect(server.outputText.contains("Navigator shutdown complete"))
            await server.stop()
        }
    }

    @Test func anInvalidConfigExitsOneNamingLineAndKey() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("bad.yml")
        try "server:\n  listen: \"127.0.0.1:0\"\napplications:\n  pools:\n    timeout: soon\n".write(to: config, atomically: true, encoding: .utf8)
        let pid = dir.appendingPathComponent("n.pid").path
        let result = try NavigatorCommand.run(["--pid-file", pid, config.path], in: dir)
        #expect(result.status == 1)
        #expect(result.output.contains("Failed to load configuration"))
        #expect(result.output.contains("bad.yml:5"))
        #expect(result.output.contains("applications.pools.timeout"))
        #expect(!FileManager.default.fileExists(atPath: pid))
    }

    @Test func aMissingConfigFileExitsOne() throws {
        let result = try NavigatorCommand.run(["/nonexistent/navigator.yml", "--pid-file", "/tmp/navigator-test-none.pid"])
        #expect(result.status == 1)
        #expect(result.output.contains("Failed to load configuration"))
    }

    @Test func aBusyPortExitsOneAndRemovesThePidFile() async throws {
        let first = try await LiveNavigator.start(config: Self.minimal)
        defer { Task { await first.stop() } }
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("n.yml")
        try "server:\n  listen: \"127.0.0.1:\(first.port)\"\n".write(to: config, atomically: true, encoding: .utf8)
        let pid = dir.appendingPathComponent("n.pid").path
        let result = try NavigatorCommand.run(["--pid-file", pid, config.path], in: dir)
        #expect(result.status == 1)
        #expect(result.output.contains("Server failed"))
        #expect(!FileManager.default.fileExists(atPath: pid))
        await first.stop()
    }

    @Test func reloadCommandSwapsAndABadReloadKeepsServing() async throws {
        let server = try await LiveNavigator.start(config: Self.minimal)
        defer { Task { await server.stop() } }
        let config = server.directory.appendingPathComponent("navigator.yml")

        var result = try NavigatorCommand.run(["-s", "reload", "--pid-file", server.pidFile])
        #expect(result.status == 0)
        try await server.waitForOutput("Configuration reloaded successfully")

        try "server:\n  listen: \"127.0.0.1:0\"\nroutes:\n  redirects:\n    - from: \"([\"\n      to: /x\n".write(to: config, atomically: true, encoding: .utf8)
        result = try NavigatorCommand.run(["-s", "reload"], environment: ["NAVIGATOR_PID_FILE": server.pidFile])
        #expect(result.status == 0)
        try await server.waitForOutput("Failed to reload configuration")
        #expect(server.outputText.contains("navigator.yml:5"))
        #expect(server.outputText.contains("routes.redirects[0].from"))
        let response = try await HTTPClient.shared.get(url: server.url("/still-here")).get()
        #expect(response.status == .notFound)
        await server.stop()
    }

    @Test func reloadWithoutAServerFails() throws {
        let result = try NavigatorCommand.run(["-s", "reload", "--pid-file", "/nonexistent/navigator.pid"])
        #expect(result.status == 1)
        #expect(result.output.contains("navigator is not running (PID file not found)"))
    }

    @Test func versionHelpAndBadSignalOption() throws {
        let version = try NavigatorCommand.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("Navigator "))
        let help = try NavigatorCommand.run(["-h"])
        #expect(help.status == 0)
        #expect(help.output.contains("Navigator - Web application server"))
        let bad = try NavigatorCommand.run(["-s", "stop"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("option -s requires 'reload'"))
    }

    @Test func checkSummarisesAValidFileAndRejectsABadOne() throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.yml")
        try """
            server:
              listen: 3000
            applications:
              tenants:
                - path: /one/
                  root: .
            managed_processes:
              - name: worker
                command: sleep
                args: ["1000"]
            """.write(to: good, atomically: true, encoding: .utf8)
        let ok = try NavigatorCommand.run(["--check", good.path], in: dir)
        #expect(ok.status == 0)
        #expect(ok.output.contains("Configuration OK"))
        #expect(ok.output.contains("tenants: 1 (/one/)"))
        #expect(ok.output.contains("processes: 1 (worker)"))
        let bad = dir.appendingPathComponent("bad.yml")
        try "server:\n  listen: 99999\n".write(to: bad, atomically: true, encoding: .utf8)
        let failed = try NavigatorCommand.run(["--check", bad.path], in: dir)
        #expect(failed.status == 1)
        #expect(failed.output.contains("bad.yml:2"))
        #expect(failed.output.contains("server.listen"))
    }

    @Test func slowHeaderClientsAreDisconnected() async throws {
        let server = try await LiveNavigator.start(config: Self.minimal + "\n  limits:\n    header_timeout: 1s\n")
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let started = ContinuousClock.now
        let result = socket.readUntilClosed(timeout: .seconds(10))
        #expect(result.closed)
        #expect(ContinuousClock.now - started < .seconds(9))
        await server.stop()
    }

    @Test func oversizedBodiesGet413() async throws {
        let server = try await LiveNavigator.start(config: Self.minimal + "\n  limits:\n    max_body_size: 10\n")
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        let answer = socket.read(until: "\r\n\r\n", timeout: .seconds(5))
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        await server.stop()
    }

    @Test func oversizedHeadersAreRefused() async throws {
        let server = try await LiveNavigator.start(config: Self.minimal + "\n  limits:\n    max_header_size: 2048\n")
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 4096))\r\n\r\n")
        let answer = socket.read(until: "\r\n\r\n", timeout: .seconds(5))
        #expect(answer.hasPrefix("HTTP/1.1 400") || answer.hasPrefix("HTTP/1.1 431"))
        await server.stop()
    }
}
