import AsyncHTTPClient
import Foundation
import NavigatorTestSupport
import Testing

/// Server hooks on the real binary (F5, D3, D20): start before listening and on reloads, ready after listening and
/// after reloads, stop at shutdown.
@Suite(.serialized) struct ServerHooksLiveTests {
    typealias Support = LifecycleTestSupport

    static let listen = "server:\n  listen: \"127.0.0.1:0\"\n"

    @Test func aFailingStartHookExitsOneWithItsOutputLoggedAndEverythingStopped() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = Self.listen + """
            managed_processes:
              - name: sleeper
                command: sleep
                args: ["1000"]

            """ + Support.hooks(["start": [Support.shHook("echo hook-said-this; exit 4")]])
        try config.write(to: dir.appendingPathComponent("n.yml"), atomically: true, encoding: .utf8)
        let pidFile = dir.appendingPathComponent("n.pid").path
        let result = try NavigatorCommand.run(["--pid-file", pidFile, dir.appendingPathComponent("n.yml").path], in: dir)
        #expect(result.status == 1)
        #expect(result.output.contains("hook-said-this"))
        #expect(result.output.contains("Hook execution failed"))
        #expect(result.output.contains("Failed to execute start hooks"))
        #expect(!result.output.contains("Server listening"))
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        let sleeper = try #require(Support.pid(in: result.output, line: "Started managed process"))
        #expect(!TenantTestSupport.isAlive(sleeper))
    }

    @Test func aStartHookPastItsTimeoutIsKilledAndTheServerExitsOne() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = Self.listen + Support.hooks(["start": [Support.shHook("sleep 60", timeout: "300ms")]])
        try config.write(to: dir.appendingPathComponent("n.yml"), atomically: true, encoding: .utf8)
        let pidFile = dir.appendingPathComponent("n.pid").path
        let result = try NavigatorCommand.run(["--pid-file", pidFile, dir.appendingPathComponent("n.yml").path], in: dir)
        #expect(result.status == 1)
        #expect(result.output.contains("signal 9"))
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func aServerThatCannotListenRanItsStartHooksButRunsNoStopHooks() async throws {
        let first = try await LiveNavigator.start(config: Self.listen)
        defer { Task { await first.stop() } }
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = "server:\n  listen: \"127.0.0.1:\(first.port)\"\n" + Support.hooks([
            "start": [Support.shHook("touch start.marker")], "stop": [Support.shHook("touch stop.marker")],
        ])
        try config.write(to: dir.appendingPathComponent("n.yml"), atomically: true, encoding: .utf8)
        let pidFile = dir.appendingPathComponent("n.pid").path
        let result = try NavigatorCommand.run(["--pid-file", pidFile, dir.appendingPathComponent("n.yml").path], in: dir)
        #expect(result.status == 1)
        #expect(result.output.contains("Server failed"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("start.marker").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("stop.marker").path))
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        await first.stop()
    }

    @Test func readyRunsAfterListeningAndEachReloadAFailingStartHookRefusesAReloadStopRunsBeforeChildrenStop() async throws {
        let keeper = """
            managed_processes:
              - name: keeper
                command: /bin/sh
                args: ["-c", "echo $$ > keeper.pid; exec sleep 1000"]

            """
        let stop = Support.shHook("kill -0 $(cat keeper.pid) && echo keeper-alive >> stop.log")
        let ready = Support.shHook("echo ready-hook-ran; echo ready >> ready.log")
        let config = Self.listen + keeper + Support.hooks([
            "start": [Support.shHook("echo start >> start.log")], "ready": [ready], "stop": [stop],
        ])
        let server = try await LiveNavigator.start(config: config)
        defer { Task { await server.stop() } }
        try await server.waitForOutput("ready-hook-ran")
        let output = server.outputText
        let listening = try #require(output.range(of: "Server listening"))
        let hookOutput = try #require(output.range(of: "ready-hook-ran"))
        #expect(listening.upperBound < hookOutput.lowerBound)
        #expect(Support.contents(server.directory, "start.log") == "start\n")

        server.send(signal: SIGHUP)
        try await server.waitForOutput("Configuration reloaded successfully")
        #expect(try await TenantTestSupport.eventually { Support.contents(server.directory, "ready.log") == "ready\nready\n" })
        #expect(Support.contents(server.directory, "start.log") == "start\nstart\n")

        let refused = Self.listen + "  health_check:\n    path: /healthz\n    response:\n      body: new\n" + keeper
            + Support.hooks(["start": [Support.shHook("exit 1")], "stop": [stop]])
        try refused.write(to: server.directory.appendingPathComponent("navigator.yml"), atomically: true, encoding: .utf8)
        server.send(signal: SIGHUP)
        try await server.waitForOutput("Failed to reload configuration")
        #expect(server.outputText.contains("server start hooks failed"))
        #expect(server.outputText.contains("Failed to execute start hooks"))
        #expect(try await TenantTestSupport.curl(server.url("/healthz")).status == 404)
        #expect(Support.contents(server.directory, "ready.log") == "ready\nready\n")

        let keeperPid = try #require(Int32(Support.contents(server.directory, "keeper.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        server.send(signal: SIGTERM)
        #expect(try await server.waitForExit(timeout: .seconds(60)) == 0)
        #expect(Support.contents(server.directory, "stop.log") == "keeper-alive\n")
        #expect(!TenantTestSupport.isAlive(keeperPid))
        #expect(!FileManager.default.fileExists(atPath: server.pidFile))
        await server.stop()
    }

    @Test func failingReadyAndStopHooksAreLoggedAndChangeNothing() async throws {
        let config = Self.listen + Support.hooks([
            "ready": [Support.shHook("echo not-ready; exit 2")], "stop": [Support.shHook("echo bye; exit 5")],
        ])
        let server = try await LiveNavigator.start(config: config)
        defer { Task { await server.stop() } }
        try await server.waitForOutput("not-ready")
        try await server.waitForOutput("Hook execution failed")
        #expect(try await TenantTestSupport.curl(server.url("/missing")).status == 404)
        server.send(signal: SIGTERM)
        #expect(try await server.waitForExit(timeout: .seconds(60)) == 0)
        let failures = server.outputLines.filter { $0.contains("Hook execution failed") }
        #expect(failures.count == 2)
        #expect(failures.last?.contains("server.stop") == true)
        #expect(server.outputText.contains("Failed to execute ready hooks"))
        #expect(server.outputText.contains("Failed to execute stop hooks"))
        #expect(server.outputText.contains("Navigator shutdown complete"))
        #expect(!FileManager.default.fileExists(atPath: server.pidFile))
        await server.stop()
    }

    @Test func aReadyHookWithReloadConfigSwitchesToThatFile() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        let second = Self.listen + "  health_check:\n    path: /healthz\n    response:\n      body: second\n"
        try second.write(to: dir.appendingPathComponent("second.yml"), atomically: true, encoding: .utf8)
        let config = Self.listen + Support.hooks([
            "ready": [Support.shHook("true", reloadConfig: dir.appendingPathComponent("second.yml").path)],
        ])
        let server = try await LiveNavigator.start(config: config, directory: dir)
        defer { Task { await server.stop() } }
        try await server.waitForOutput("Configuration reloaded successfully")
        #expect(server.outputText.contains("Ready hook triggered config reload"))
        let answer = try await TenantTestSupport.curl(server.url("/healthz"))
        #expect(answer.status == 200)
        #expect(answer.body == "second")
        await server.stop()
    }
}
