import Foundation
import Navigator
import NavigatorConfig
import NavigatorTestSupport
import Testing

/// `hooks.server.*` lists run by real shell commands (F5).
@Suite struct ServerHooksTests {
    static func sh(_ script: String, timeout: Duration? = nil, reloadConfig: String? = nil) -> HookSpec {
        MachineIdleTests.sh(script, timeout: timeout, reloadConfig: reloadConfig)
    }

    static func hooks(reloads: LineCollector, environment: [(String, String)] = []) -> ServerHooks {
        let reloadHook = ReloadHook()
        reloadHook.install { reloads.append($0) }
        return ServerHooks(logger: TestApplication.logger, reloadHook: reloadHook, environment: environment)
    }

    @Test func hooksRunInOrderWithTheServerEnvironment() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("log").path
        let hooks = Self.hooks(reloads: LineCollector(), environment: [("PATH", "/usr/bin:/bin"), ("MARK", "m")])
        let ok = await hooks.run([Self.sh("echo one$MARK >> '\(log)'"), Self.sh("echo two >> '\(log)'")], kind: .start)
        #expect(ok)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "onem\ntwo\n")
        #expect(await hooks.run([], kind: .stop))
    }

    @Test func aFailureAbortsTheRestAndAsksForNoReload() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = dir.appendingPathComponent("after").path
        let reloads = LineCollector()
        let hooks = Self.hooks(reloads: reloads)
        let ok = await hooks.runWithReloadCheck(
            [Self.sh("exit 2", reloadConfig: "/x.yml"), Self.sh("touch '\(marker)'")], kind: .ready)
        #expect(!ok)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(reloads.lines.isEmpty)
        #expect(await !hooks.run([HookSpec(command: "/nonexistent/hook")], kind: .start))
    }

    @Test func aHookPastItsTimeoutIsKilledAndFails() async throws {
        let hooks = Self.hooks(reloads: LineCollector())
        #expect(await !hooks.run([Self.sh("sleep 30", timeout: .milliseconds(200))], kind: .start))
    }

    @Test func theFirstNonEmptyReloadConfigIsRequestedAfterSuccess() async throws {
        let reloads = LineCollector()
        let hooks = Self.hooks(reloads: reloads)
        let ok = await hooks.runWithReloadCheck(
            [Self.sh("true", reloadConfig: ""), Self.sh("true", reloadConfig: "/a.yml"), Self.sh("true", reloadConfig: "/b.yml")],
            kind: .resume)
        #expect(ok)
        #expect(reloads.lines == ["/a.yml"])
        #expect(await hooks.runWithReloadCheck([Self.sh("true")], kind: .ready))
        #expect(reloads.lines == ["/a.yml"])
    }
}
