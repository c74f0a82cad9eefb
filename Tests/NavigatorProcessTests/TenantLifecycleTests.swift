import Testing
@testable import NavigatorProcess

/// The tenant app state machine, without I/O.
@Suite struct TenantLifecycleTests {
    let t0 = ContinuousClock.now

    @Test func firstRequestStartsAndOthersWait() {
        var life = TenantLifecycle(now: t0)
        #expect(life.requestArrived(now: t0) == .startThenWait(attempt: 1))
        #expect(life.requestArrived(now: t0) == .wait)
        #expect(life.phase == .starting)
        life.spawned(attempt: 1, port: 4000)
        do { let result = life.becameReady(attempt: 1); #expect(result) }
        #expect(life.phase == .ready)
        #expect(life.requestArrived(now: t0) == .proceed(port: 4000))
        #expect(life.inFlight == 3)
    }

    @Test func staleEventsFromAnOlderAttemptAreIgnored() {
        var life = TenantLifecycle(now: t0)
        _ = life.requestArrived(now: t0)
        life.spawned(attempt: 1, port: 4000)
        #expect(life.exited(attempt: 1) == .cleanUpAndFailWaiters)
        _ = life.requestArrived(now: t0)
        #expect(life.attempt == 2)
        do { let result = life.becameReady(attempt: 1); #expect(!result) }
        #expect(life.exited(attempt: 1) == .ignore)
        #expect(life.phase == .starting)
    }

    @Test func idleCheckNeedsNoRequestsNoWebSocketsAndTheTimeout() {
        var life = readyLifecycle()
        let timeout = Duration.seconds(10)
        // A request is in flight.
        do { let result = life.idleCheck(now: t0 + .seconds(20), timeout: timeout); #expect(!result) }
        life.requestFinished(now: t0 + .seconds(1))
        do { let result = life.idleCheck(now: t0 + .seconds(5), timeout: timeout); #expect(!result) }
        life.websocketOpened()
        do { let result = life.idleCheck(now: t0 + .seconds(30), timeout: timeout); #expect(!result) }
        life.websocketClosed(now: t0 + .seconds(30))
        do { let result = life.idleCheck(now: t0 + .seconds(35), timeout: timeout); #expect(!result) }
        do { let result = life.idleCheck(now: t0 + .seconds(40), timeout: timeout); #expect(result) }
        #expect(life.phase == .draining)
    }

    @Test func requestDuringStopHooksCancelsTheStop() {
        var life = readyLifecycle()
        life.requestFinished(now: t0)
        do { let result = life.evict(); #expect(result) }
        #expect(life.requestArrived(now: t0) == .proceedCancellingStop(port: 4000))
        do { let result = life.stopHooksFinished(); #expect(!result) }
        #expect(life.phase == .ready)
    }

    @Test func requestWhileTerminatingRestartsAfterTheExit() {
        var life = readyLifecycle()
        life.requestFinished(now: t0)
        do { let result = life.evict(); #expect(result) }
        do { let result = life.stopHooksFinished(); #expect(result) }
        #expect(life.requestArrived(now: t0) == .wait)
        #expect(life.exited(attempt: 1) == .cleanUpAndRestart(attempt: 2))
        #expect(life.phase == .starting)
    }

    @Test func crashWithProxiedRequestsDoesNotRestartByItself() {
        var life = readyLifecycle()
        #expect(life.exited(attempt: 1) == .cleanUp)
        #expect(life.phase == .stopped)
        #expect(life.requestArrived(now: t0) == .startThenWait(attempt: 2))
    }

    @Test func busyAppsAreNeverEvicted() {
        var life = readyLifecycle()
        do { let result = life.evict(); #expect(!result) }
        life.requestFinished(now: t0)
        life.websocketOpened()
        do { let result = life.evict(); #expect(!result) }
    }

    @Test func shutdownNeverRestarts() {
        var life = readyLifecycle()
        _ = life.requestArrived(now: t0)
        do { let result = life.shutdown(); #expect(result) }
        _ = life.requestArrived(now: t0)
        #expect(life.exited(attempt: 1, shuttingDown: true) == .cleanUp)
    }

    /// A ready app on port 4000 with one request in flight.
    private func readyLifecycle() -> TenantLifecycle {
        TenantLifecycle.ready(now: t0)
    }
}
