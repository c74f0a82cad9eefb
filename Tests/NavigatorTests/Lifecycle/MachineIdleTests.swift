import Foundation
import Navigator
import NavigatorConfig
import NavigatorTestSupport
import Testing

/// Machine idle in process (F18): activity accounting, idle hooks, the API call, resume hooks, reload, shutdown.
@Suite struct MachineIdleTests {
    /// A hook running `script` with `/bin/sh -c`.
    static func sh(_ script: String, timeout: Duration? = nil, reloadConfig: String? = nil) -> HookSpec {
        HookSpec(command: "/bin/sh", args: ["-c", script], timeout: timeout, reloadConfig: reloadConfig)
    }

    /// A tracker with a short timeout whose API is `fake`.
    static func idle(
        _ settings: IdleSettings?, fake: FakeFlyAPI, hooks: HookSettings = .init(), reloadHook: ReloadHook = ReloadHook()
    ) -> MachineIdle {
        let environment = ["FLY_APP_NAME": "app", "FLY_MACHINE_ID": "m1", FlyMachinesAPI.socketPathVariable: fake.socketPath]
        return MachineIdle(
            settings: settings, hooks: ServerHooks(logger: TestApplication.logger, reloadHook: reloadHook),
            currentHooks: { hooks }, api: FlyMachinesAPI(environment: environment), logger: TestApplication.logger)
    }

    static let short = IdleSettings(action: .suspend, timeout: .milliseconds(200))

    @Test func afterTheTimeoutTheIdleHooksRunThenTheMachineIsSuspended() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let hooks = HookSettings(serverIdle: [Self.sh("echo ran > '\(dir.path)/idle-hook'")])
            let idle = Self.idle(Self.short, fake: fake, hooks: hooks)
            let requests = try await fake.waitForRequests()
            #expect(requests.map(\.path) == ["/v1/apps/app/machines/m1/suspend"])
            #expect(requests.first?.filesAtArrival.contains("idle-hook") == true)
            #expect(try String(contentsOfFile: dir.appendingPathComponent("idle-hook").path, encoding: .utf8) == "ran\n")
            idle.stop()
        }
    }

    @Test func aFailingIdleHookStillLeadsToTheAction() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let idle = Self.idle(.init(action: .stop, timeout: .milliseconds(100)), fake: fake,
                                 hooks: HookSettings(serverIdle: [Self.sh("exit 3")]))
            #expect(try await fake.waitForRequests().map(\.path) == ["/v1/apps/app/machines/m1/stop"])
            idle.stop()
        }
    }

    @Test func activityInProgressHoldsOffIdleUntilItEnds() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let idle = Self.idle(Self.short, fake: fake)
            let visit = await idle.begin()
            #expect(idle.activeCount == 1)
            // Several timeouts pass with the visit open: no action.
            try await Task.sleep(for: .seconds(1))
            #expect(fake.received.isEmpty)
            visit.end()
            visit.end()
            #expect(idle.activeCount == 0)
            #expect(try await fake.waitForRequests().count == 1)
            idle.stop()
        }
    }

    @Test func aDroppedVisitEndsItself() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let idle = Self.idle(nil, fake: fake)
            do {
                _ = await idle.begin()
            }
            #expect(idle.activeCount == 0)
        }
    }

    @Test func theFirstRequestAfterIdleRunsTheResumeHooksAndLaterOnesWaitForThem() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let marker = dir.appendingPathComponent("resumed").path
            let reloads = LineCollector()
            let reloadHook = ReloadHook()
            reloadHook.install { reloads.append($0) }
            let hooks = HookSettings(serverResume: [Self.sh("sleep 1; echo > '\(marker)'", reloadConfig: "/etc/next.yml")])
            let idle = Self.idle(.init(action: .suspend, timeout: .seconds(60)), fake: fake, hooks: hooks, reloadHook: reloadHook)
            // Before any idle action a request runs no resume hooks.
            await idle.begin().end()
            idle.update(settings: Self.short)
            _ = try await fake.waitForRequests()
            let first = await idle.begin()
            #expect(!FileManager.default.fileExists(atPath: marker))
            let second = await idle.begin()
            #expect(FileManager.default.fileExists(atPath: marker))
            #expect(reloads.lines == ["/etc/next.yml"])
            first.end()
            second.end()
            idle.stop()
        }
    }

    @Test func aFailingResumeHookStillReleasesWaitingRequestsAndAsksForNoReload() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let marker = dir.appendingPathComponent("tried").path
            let reloads = LineCollector()
            let reloadHook = ReloadHook()
            reloadHook.install { reloads.append($0) }
            let hooks = HookSettings(serverResume: [Self.sh("sleep 1; touch '\(marker)'; exit 1", reloadConfig: "/x.yml")])
            let idle = Self.idle(Self.short, fake: fake, hooks: hooks, reloadHook: reloadHook)
            _ = try await fake.waitForRequests()
            let first = await idle.begin()
            let second = await idle.begin()
            #expect(FileManager.default.fileExists(atPath: marker))
            #expect(reloads.lines.isEmpty)
            #expect(idle.activeCount == 2)
            first.end()
            second.end()
            idle.stop()
        }
    }

    @Test func reloadEnablesAndDisablesIdle() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let idle = Self.idle(Self.short, fake: fake)
            idle.update(settings: nil)
            try await Task.sleep(for: .seconds(1))
            #expect(fake.received.isEmpty)
            idle.update(settings: .init(action: .stop, timeout: .milliseconds(100)))
            #expect(try await fake.waitForRequests().map(\.path) == ["/v1/apps/app/machines/m1/stop"])
            idle.stop()
        }
    }

    @Test func shutdownDisarmsTheTimer() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let idle = Self.idle(Self.short, fake: fake)
            idle.stop()
            await idle.begin().end()
            try await Task.sleep(for: .seconds(1))
            #expect(fake.received.isEmpty)
        }
    }
}
