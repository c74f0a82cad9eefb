import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Synchronization
import Testing
import HTTPTypes
import NIOCore

/// Requests count as machine activity only while `server.idle` is configured.
@Suite struct MachineIdleTrackingTests {
    /// A tracker with `settings` and no reachable Machines API (the timeout is never reached in these tests).
    static func idle(_ settings: IdleSettings?) -> MachineIdle {
        MachineIdle(
            settings: settings, hooks: ServerHooks(logger: TestApplication.logger, reloadHook: ReloadHook()),
            currentHooks: { HookSettings() }, api: FlyMachinesAPI(environment: [:]), logger: TestApplication.logger)
    }

    /// The tracker's active count as seen from inside the responder, for one request.
    static func activeDuringRequest(_ idle: MachineIdle) async throws -> Int {
        let seen = Mutex(-1)
        let app = TestApp { _, _ in
            try await idle.tracking {
                seen.withLock { $0 = idle.activeCount }
                return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
            }
        }
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: response.body) == "ok")
        }
        return seen.withLock { $0 }
    }

    @Test func requestsAreCountedWhileIdleIsConfigured() async throws {
        let idle = Self.idle(IdleSettings(action: .suspend, timeout: .seconds(600)))
        defer { idle.stop() }
        #expect(idle.isEnabled)
        #expect(try await Self.activeDuringRequest(idle) == 1)
        #expect(idle.activeCount == 0)
    }

    @Test func requestsAreNotCountedWithoutIdleAndAReloadSwitchesCounting() async throws {
        let idle = Self.idle(nil)
        defer { idle.stop() }
        #expect(!idle.isEnabled)
        #expect(try await Self.activeDuringRequest(idle) == 0)
        idle.update(settings: IdleSettings(action: .stop, timeout: .seconds(600)))
        #expect(idle.isEnabled)
        #expect(try await Self.activeDuringRequest(idle) == 1)
        idle.update(settings: nil)
        #expect(try await Self.activeDuringRequest(idle) == 0)
    }
}
