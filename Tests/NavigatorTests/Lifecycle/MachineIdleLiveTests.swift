import Foundation
import NavigatorTestSupport
import Testing

/// Machine idle on the real binary against a fake Fly Machines API (F18, F5).
@Suite(.serialized) struct MachineIdleLiveTests {
    typealias Support = LifecycleTestSupport

    /// The binary with `server.idle` (`action`, 1 s) plus `rest`, pointed at `fake` as machine `machine` of app
    /// `showcase`.
    static func start(action: String, rest: String, fake: FakeFlyAPI, machine: String) async throws -> LiveNavigator {
        let config = "server:\n  listen: \"127.0.0.1:0\"\n  idle:\n    action: \(action)\n    timeout: 1s\n" + rest
        return try await LiveNavigator.start(config: config, environment: [
            "FLY_APP_NAME": "showcase", "FLY_MACHINE_ID": machine, "NAVIGATOR_FLY_API_SOCKET": fake.socketPath,
        ])
    }

    @Test func suspendsWhenIdleNeverWhileAWebSocketIsOpenAndResumesOnTheNextRequest() async throws {
        try await FakeFlyAPI.with { _, fake throws in
            let hooks = Support.hooks([
                "idle": [Support.shHook("echo idle >> idle.log")],
                "resume": [Support.shHook("echo resume >> resume.log")],
            ])
            let server = try await Self.start(action: "suspend", rest: hooks, fake: fake, machine: "m-1")
            defer { Task { await server.stop() } }
            let first = try await fake.waitForRequests(1)
            #expect(first.map(\.path) == ["/v1/apps/showcase/machines/m-1/suspend"])
            #expect(first.first?.method == "POST")
            #expect(first.first?.host == "flaps")
            #expect(Support.contents(server.directory, "idle.log") == "idle\n")
            try await server.waitForOutput("Machine idle action requested successfully")

            // A WebSocket is activity: it wakes the machine (resume hooks) and holds off idle while open.
            var socket: RawCableSocket? = try RawCableSocket(port: server.port)
            #expect(try await TenantTestSupport.eventually { Support.contents(server.directory, "resume.log") == "resume\n" })
            try await Task.sleep(for: .seconds(3))
            #expect(fake.received.count == 1)
            #expect(socket != nil)
            socket = nil
            #expect(try await fake.waitForRequests(2).count == 2)
            #expect(Support.contents(server.directory, "idle.log") == "idle\nidle\n")

            // The next plain request runs the resume hooks again.
            #expect(try await TenantTestSupport.curl(server.url("/missing")).status == 404)
            #expect(try await TenantTestSupport.eventually { Support.contents(server.directory, "resume.log") == "resume\nresume\n" })
            await server.stop()
        }
    }

    @Test func aProxiedWebSocketHoldsOffIdleToo() async throws {
        // The upstream: another server whose /cable the reverse proxy relays.
        let upstream = try await LiveNavigator.start(config: "server:\n  listen: \"127.0.0.1:0\"\n")
        defer { Task { await upstream.stop() } }
        try await FakeFlyAPI.with { _, fake throws in
            let relay = """
                cable:
                  enabled: false
                routes:
                  reverse_proxies:
                    - name: relay
                      path: "^/cable"
                      target: "http://127.0.0.1:\(upstream.port)"
                      websocket: true
                """
            let server = try await Self.start(action: "stop", rest: relay, fake: fake, machine: "m-2")
            defer { Task { await server.stop() } }
            #expect(try await fake.waitForRequests(1).map(\.path) == ["/v1/apps/showcase/machines/m-2/stop"])
            var socket: RawCableSocket? = try RawCableSocket(port: server.port)
            try await Task.sleep(for: .seconds(3))
            #expect(fake.received.count == 1)
            #expect(socket != nil)
            socket = nil
            #expect(try await fake.waitForRequests(2).count == 2)
            await server.stop()
        }
        await upstream.stop()
    }

    @Test func withoutFlyEnvironmentTheActionIsLoggedAsFailed() async throws {
        let config = "server:\n  listen: \"127.0.0.1:0\"\n  idle:\n    action: stop\n    timeout: 500ms\n"
        let server = try await LiveNavigator.start(config: config, environment: ["FLY_APP_NAME": "", "FLY_MACHINE_ID": ""])
        defer { Task { await server.stop() } }
        try await server.waitForOutput("Failed to stop machine", timeout: .seconds(30))
        #expect(server.outputText.contains("missing FLY_APP_NAME or FLY_MACHINE_ID"))
        await server.stop()
    }
}
