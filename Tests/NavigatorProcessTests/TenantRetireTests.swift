import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// Retiring a tenant app on reload (changed or deleted definition), as pure state transitions.
@Suite struct TenantRetireTests {
    let t0 = ContinuousClock.now

    /// A tenant definition to vary.
    static let spec = TenantSpec(
        path: "/a/", name: "a", root: "/srv/a", command: AppCommand(executable: "python3", arguments: ["app.py"]),
        env: [], healthCheck: "/up", trackWebsockets: true, startupTimeout: .seconds(5))

    func ready() -> TenantLifecycle {
        TenantLifecycle.ready(now: t0)
    }

    @Test func aReadyAppDrainsItsProxiedRequestsWhileNewOnesWaitForTheSuccessor() {
        var life = ready()
        do { let begin = life.retire(); #expect(begin) }
        #expect(life.phase == .retiring)
        #expect(life.requestArrived(now: t0) == .wait)
        // The proxied request is still running: no stop yet.
        do { let stop = life.drainFinished(); #expect(!stop) }
        life.requestFinished(now: t0)
        do { let stop = life.drainFinished(); #expect(stop) }
        #expect(life.phase == .terminating)
        #expect(life.exited(attempt: 1) == .cleanUpAndRestart(attempt: 2))
        #expect(!life.retired)
    }

    @Test func requestsWhoseWaitForTheRetiringProcessEndedStillHoldIt() {
        // A start retired while in progress: its waiters get the process and are proxied to it before it drains.
        var life = TenantLifecycle(now: t0)
        _ = life.requestArrived(now: t0)
        _ = life.requestArrived(now: t0)
        _ = life.retire()
        life.spawned(attempt: 1, port: 4000)
        _ = life.becameReady(attempt: 1)
        do { let begin = life.retireIfPending(); #expect(begin) }
        // Neither waiter has resumed yet: both still hold the process.
        do { let stop = life.drainFinished(); #expect(!stop) }
        #expect(life.requestArrived(now: t0) == .wait)
        let behind = life.retiringAttempt
        #expect(behind == 1)
        life.waitEnded()
        life.waitEnded()
        life.requestFinished(now: t0)
        do { let stop = life.drainFinished(); #expect(!stop) }
        life.requestFinished(now: t0)
        // Only the request waiting for the successor is left.
        do { let stop = life.drainFinished(); #expect(stop) }
        #expect(life.exited(attempt: 1) == .cleanUpAndRestart(attempt: 2))
        life.waitEnded(successorOf: behind)
        #expect(life.waiting == 0)
    }

    @Test func withoutWaitersTheRetiredAppJustStops() {
        var life = ready()
        life.requestFinished(now: t0)
        do { let begin = life.retire(); #expect(begin) }
        do { let stop = life.drainFinished(); #expect(stop) }
        #expect(life.exited(attempt: 1) == .cleanUp)
        #expect(life.phase == .stopped)
    }

    @Test func theDrainLimitStopsABusyApp() {
        var life = ready()
        _ = life.retire()
        do { let stop = life.drainFinished(); #expect(!stop) }
        do { let stop = life.drainFinished(force: true); #expect(stop) }
        #expect(life.phase == .terminating)
    }

    @Test func aStartInProgressIsRetiredOnceReady() {
        var life = TenantLifecycle(now: t0)
        _ = life.requestArrived(now: t0)
        do { let begin = life.retire(); #expect(!begin) }
        #expect(life.phase == .starting)
        life.spawned(attempt: 1, port: 4000)
        _ = life.becameReady(attempt: 1)
        do { let begin = life.retireIfPending(); #expect(begin) }
        #expect(life.phase == .retiring)
    }

    @Test func aRetiredIdleStopIsNotCancelledByANewRequest() {
        var life = ready()
        life.requestFinished(now: t0)
        do { let stopping = life.evict(); #expect(stopping) }
        do { let begin = life.retire(); #expect(!begin) }
        #expect(life.requestArrived(now: t0) == .wait)
        do { let finished = life.stopHooksFinished(); #expect(finished) }
        #expect(life.exited(attempt: 1) == .cleanUpAndRestart(attempt: 2))
    }

    @Test func stoppedOrStoppingAppsHaveNothingToRetire() {
        var stopped = TenantLifecycle(now: t0)
        do { let begin = stopped.retire(); #expect(!begin) }
        #expect(!stopped.retired)
        var terminating = ready()
        _ = terminating.shutdown()
        do { let begin = terminating.retire(); #expect(!begin) }
        do { let again = ready(); var life = again; _ = life.retire(); let twice = life.retire(); #expect(!twice) }
    }

    @Test func aHandoverMovesNewRequestsToTheReplacementAndIgnoresTheOldProcess() {
        var life = ready()
        do { let done = life.handover(port: 4001); #expect(done) }
        #expect(life.requestArrived(now: t0) == .proceed(port: 4001))
        // The replaced process (attempt 1) exiting is no longer the app's concern.
        #expect(life.exited(attempt: 1) == .ignore)
        #expect(life.phase == .ready)
        var stopped = TenantLifecycle(now: t0)
        do { let done = stopped.handover(port: 4001); #expect(!done) }
    }

    @Test func aPendingRetirementCanBeTradedForAReplacement() {
        var life = TenantLifecycle(now: t0)
        _ = life.requestArrived(now: t0)
        _ = life.retire()
        life.spawned(attempt: 1, port: 4000)
        _ = life.becameReady(attempt: 1)
        do { let cancelled = life.cancelPendingRetire(); #expect(cancelled) }
        #expect(!life.retired)
        #expect(life.phase == .ready)
        do { let again = life.cancelPendingRetire(); #expect(!again) }
    }

    @Test func aPidFileOrAMemoryLimitRulesOutSideBySideReplacement() {
        var spec = Self.spec
        #expect(spec.allowsSideBySideReplacement)
        spec.env = [EnvironmentEntry("PIDFILE", "/tmp/a.pid")]
        #expect(!spec.allowsSideBySideReplacement)
        spec.env = []
        spec.memoryLimit = 1 << 30
        #expect(!spec.allowsSideBySideReplacement)
    }

    @Test func onlyProcessFieldsMakeADefinitionChange() {
        var base = Self.spec
        base.env = [EnvironmentEntry("MARKER", "one")]
        var routing = base
        routing.healthCheck = "/health"
        routing.startupTimeout = .seconds(30)
        #expect(base.startsSameProcess(as: routing))
        var env = base
        env.env = [EnvironmentEntry("MARKER", "two")]
        #expect(!base.startsSameProcess(as: env))
        var root = base
        root.root = "/srv/b"
        #expect(!base.startsSameProcess(as: root))
        var command = base
        command.command = AppCommand(executable: "python3", arguments: ["other.py"])
        #expect(!base.startsSameProcess(as: command))
    }
}

extension TenantLifecycle {
    /// A ready app on port 4000 with one request being proxied (state-machine tests).
    static func ready(now: ContinuousClock.Instant) -> TenantLifecycle {
        var life = TenantLifecycle(now: now)
        _ = life.requestArrived(now: now)
        life.spawned(attempt: 1, port: 4000)
        _ = life.becameReady(attempt: 1)
        life.waitEnded()
        return life
    }
}
