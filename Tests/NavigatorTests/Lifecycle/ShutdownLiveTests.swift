import Foundation
import NavigatorTestSupport
import Testing

/// Graceful shutdown of the real binary (§3.3, D8, D20, D23, D27): an in-flight request finishes, the cable says
/// 1001, stop hooks run, a tenant app and a managed process that ignores SIGTERM are stopped (SIGKILL after the
/// grace period), the pid file goes, exit 0 — for SIGTERM, SIGINT and SIGQUIT alike.
@Suite(.serialized) struct ShutdownLiveTests {
    typealias Support = LifecycleTestSupport

    /// Writes its pid, notes SIGTERM in `stubborn.term` and keeps running.
    static let stubborn = "import os,signal,time; open('stubborn.pid','w').write(str(os.getpid())); "
        + "signal.signal(signal.SIGTERM, lambda *a: open('stubborn.term','w').write('term')); "
        + "[time.sleep(0.2) for _ in iter(int, 1)]"

    static var config: String {
        TenantTestSupport.config(tenants: TenantTestSupport.tenantYAML(path: "/app/"), pools: "    stop_grace: 1s\n")
            + """

            managed_processes:
              - name: stubborn
                command: python3
                args: ["-c", \(Support.quoted(stubborn))]

            """ + Support.hooks(["stop": [Support.shHook("echo stopped >> stop.log")]])
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGQUIT])
    func inFlightWorkFinishesAndEverythingIsStopped(signal: Int32) async throws {
        let server = try await LiveNavigator.start(config: Self.config)
        defer { Task { await server.stop() } }
        let whoami = try await TenantTestSupport.curl(server.url("/app/whoami"))
        #expect(whoami.status == 200)
        let tenantPid = try #require(
            (try JSONSerialization.jsonObject(with: Data(whoami.body.utf8)) as? [String: Any])?["pid"] as? Int)
        #expect(try await TenantTestSupport.eventually { !Support.contents(server.directory, "stubborn.pid").isEmpty })
        let stubbornPid = try #require(Int32(Support.contents(server.directory, "stubborn.pid")))
        let cable = try RawCableSocket(port: server.port)
        let slow = Task { try await TenantTestSupport.curl(server.url("/app/slow?seconds=3")) }
        try await server.waitForOutput("slow request started", timeout: .seconds(30))

        server.send(signal: signal)
        #expect(cable.closeCode(timeout: .seconds(20)) == 1001)
        let answer = try await slow.value
        #expect(answer.status == 200)
        #expect(answer.body == "slow done")
        #expect(try await server.waitForExit(timeout: .seconds(60)) == 0)

        #expect(!FileManager.default.fileExists(atPath: server.pidFile))
        #expect(Support.contents(server.directory, "stop.log") == "stopped\n")
        #expect(Support.contents(server.directory, "stubborn.term") == "term")
        #expect(!TenantTestSupport.isAlive(stubbornPid))
        #expect(!TenantTestSupport.isAlive(Int32(tenantPid)))
        #expect(server.outputText.contains("Navigator shutdown complete"))
        await server.stop()
    }

    @Test func aRequestOutlivingTheShutdownLimitIsCutAndTheServerStillExitsCleanly() async throws {
        let server = try await LiveNavigator.start(config: Self.config)
        defer { Task { await server.stop() } }
        #expect(try await TenantTestSupport.curl(server.url("/app/whoami")).status == 200)
        #expect(try await TenantTestSupport.eventually { !Support.contents(server.directory, "stubborn.pid").isEmpty })
        let stubbornPid = try #require(Int32(Support.contents(server.directory, "stubborn.pid")))
        // Needs 120 s; the shutdown waits at most 30 s for it.
        let slow = Task { try await TenantTestSupport.curl(server.url("/app/slow?seconds=120"), timeout: 150) }
        try await server.waitForOutput("slow request started", timeout: .seconds(30))
        server.send(signal: SIGTERM)
        #expect(try await server.waitForExit(timeout: .seconds(100)) == 0)
        #expect(try await slow.value.status != 200)
        #expect(!FileManager.default.fileExists(atPath: server.pidFile))
        #expect(server.outputText.contains(#""status":499"#))
        #expect(!TenantTestSupport.isAlive(stubbornPid))
        #expect(server.outputText.contains("Navigator shutdown complete"))
        await server.stop()
    }
}
