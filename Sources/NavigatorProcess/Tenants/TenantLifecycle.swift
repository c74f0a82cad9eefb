/// The lifecycle of one tenant app as a value: events in, actions out, no I/O (ARCHITECTURE §8).
///
/// stopped → starting → ready → draining (stop hooks) → terminating (signals sent) → stopped. `attempt` numbers
/// each start so that late events from an older process (a probe result, an exit) are ignored. A reload that changes
/// deletes the tenant (or changes one that cannot run twice side by side) retires the process: ready → retiring (its
/// proxied requests finish, new ones wait) → terminating → stopped, and the waiting requests start its successor. A
/// changed tenant that can run twice is instead replaced while ready (`handover`).
public struct TenantLifecycle: Sendable, Equatable {
    /// Where the app is.
    public enum Phase: Sendable, Equatable {
        case stopped, starting, ready, retiring, draining, terminating
    }

    /// What a request should do.
    public enum RequestDecision: Sendable, Equatable {
        /// Proxy to `port` now.
        case proceed(port: Int)
        /// Proxy to `port` now; a stop was under way and is cancelled, so the start hooks run again (F5).
        case proceedCancellingStop(port: Int)
        /// Wait for readiness.
        case wait
        /// Start attempt `attempt`, then wait for it.
        case startThenWait(attempt: Int)
    }

    /// What an exit means.
    public enum ExitDecision: Sendable, Equatable {
        /// A stale event; nothing to do.
        case ignore
        /// Clean up (release the port, delete the pid file); the waiting requests fail (start failure).
        case cleanUpAndFailWaiters
        /// Clean up; the app was stopped or crashed and nobody waits.
        case cleanUp
        /// Clean up, then start attempt `attempt` for the requests that arrived while it was stopping.
        case cleanUpAndRestart(attempt: Int)
    }

    /// Current phase.
    public private(set) var phase: Phase = .stopped
    /// Number of the latest start.
    public private(set) var attempt = 0
    /// The port of the current attempt.
    public private(set) var port: Int?
    /// Requests counted against this app (waiting or being proxied).
    public private(set) var inFlight = 0
    /// Requests among `inFlight` that wait for readiness.
    public private(set) var waiting = 0
    /// Open proxied WebSockets that keep the app alive (F29, D4).
    public private(set) var websockets = 0
    /// When the last request started or finished.
    public private(set) var lastActivity: ContinuousClock.Instant
    /// A reload retired the definition this process runs: retire it once ready, and never cancel its stop.
    public private(set) var retired = false
    /// Requests among `waiting` that arrived while the process was retiring: they wait for its successor, so they
    /// do not hold the retiring process (every other request in flight does, even one whose wait just ended).
    public private(set) var successorWaiting = 0

    /// A stopped app.
    public init(now: ContinuousClock.Instant) {
        self.lastActivity = now
    }

    /// Whether the app is running and nothing keeps it busy (the only state idle stop and eviction touch).
    public var isIdle: Bool { phase == .ready && inFlight == 0 && websockets == 0 }

    /// Whether a process exists or is being made (counts toward `max_size`).
    public var isRunning: Bool { phase != .stopped }

    /// A request arrived.
    public mutating func requestArrived(now: ContinuousClock.Instant) -> RequestDecision {
        inFlight += 1
        lastActivity = now
        switch phase {
        case .stopped:
            attempt += 1
            phase = .starting
            port = nil
            waiting += 1
            return .startThenWait(attempt: attempt)
        case .retiring:
            waiting += 1
            successorWaiting += 1
            return .wait
        case .starting, .terminating:
            waiting += 1
            return .wait
        case .ready:
            return .proceed(port: port!)
        case .draining where retired:
            waiting += 1
            return .wait
        case .draining:
            phase = .ready
            return .proceedCancellingStop(port: port!)
        }
    }

    /// A waiting request stopped waiting (ready, failed, timed out or gone); it still counts as in flight.
    /// `successorOf` is the attempt that was retiring when it arrived (`retiringAttempt`), if one was.
    public mutating func waitEnded(successorOf retiringAttempt: Int? = nil) {
        waiting = max(0, waiting - 1)
        if let retiringAttempt, retiringAttempt == attempt, phase == .retiring {
            successorWaiting = max(0, successorWaiting - 1)
        }
    }

    /// The attempt a request arriving now waits behind when the process is retiring (see `waitEnded`).
    public var retiringAttempt: Int? { phase == .retiring ? attempt : nil }

    /// A request finished (or gave up waiting).
    public mutating func requestFinished(now: ContinuousClock.Instant) {
        inFlight = max(0, inFlight - 1)
        lastActivity = now
    }

    /// A proxied WebSocket opened (only counted when the tenant tracks them).
    public mutating func websocketOpened() { websockets += 1 }

    /// A proxied WebSocket closed.
    public mutating func websocketClosed(now: ContinuousClock.Instant) {
        websockets = max(0, websockets - 1)
        lastActivity = now
    }

    /// The process of `attempt` was spawned on `port`.
    public mutating func spawned(attempt: Int, port: Int) {
        guard attempt == self.attempt, phase == .starting else { return }
        self.port = port
    }

    /// The readiness probe of `attempt` succeeded; returns whether waiters should proceed (false = stale).
    public mutating func becameReady(attempt: Int) -> Bool {
        guard attempt == self.attempt, phase == .starting, port != nil else { return false }
        phase = .ready
        return true
    }

    /// A reload changed or deleted the tenant; returns whether to begin draining now (a start in progress is
    /// retired once ready; a stop under way is made final; a stopped app has nothing to retire).
    public mutating func retire() -> Bool {
        switch phase {
        case .stopped, .terminating:
            return false
        case .starting, .draining:
            retired = true
            return false
        case .ready:
            retired = true
            phase = .retiring
            successorWaiting = 0
            return true
        case .retiring:
            return false
        }
    }

    /// After `becameReady`: a start retired while it was in progress begins draining; returns whether it did.
    public mutating func retireIfPending() -> Bool {
        guard retired, phase == .ready else { return false }
        phase = .retiring
        successorWaiting = 0
        return true
    }

    /// A start retired while in progress became ready and a replacement will follow instead of a drain; returns
    /// whether a retirement was pending.
    public mutating func cancelPendingRetire() -> Bool {
        guard retired, phase == .ready else { return false }
        retired = false
        return true
    }

    /// A replacement process on `port` took over (blue/green on reload): new requests go to it, and events of the
    /// replaced process no longer concern this lifecycle; returns whether the app was ready to hand over.
    public mutating func handover(port: Int) -> Bool {
        guard phase == .ready else { return false }
        attempt += 1
        self.port = port
        return true
    }

    /// Requests holding the process: in flight and not waiting — while retiring, in flight and not waiting for
    /// its successor (a request whose wait for this process ended is about to be proxied to it).
    public var proxied: Int { max(0, inFlight - (phase == .retiring ? successorWaiting : waiting)) }

    /// While retiring: when no proxied request remains (or `force`, the drain limit passed), the process is to be
    /// stopped; returns whether to stop it now.
    public mutating func drainFinished(force: Bool = false) -> Bool {
        guard phase == .retiring, force || proxied == 0 else { return false }
        phase = .terminating
        return true
    }

    /// The start of `attempt` failed before a process existed (no port, spawn error); returns whether it was current.
    public mutating func startFailed(attempt: Int) -> Bool {
        guard attempt == self.attempt, phase == .starting else { return false }
        phase = .stopped
        port = nil
        retired = false
        return true
    }

    /// The idle timer fired: stop when idle for `timeout`; returns whether to begin stopping (stop hooks).
    public mutating func idleCheck(now: ContinuousClock.Instant, timeout: Duration) -> Bool {
        guard isIdle, now - lastActivity >= timeout else { return false }
        phase = .draining
        return true
    }

    /// `max_size` wants room (D3): stop this app if idle; returns whether to begin stopping.
    public mutating func evict() -> Bool {
        guard isIdle else { return false }
        phase = .draining
        return true
    }

    /// The stop hooks finished; returns whether to send the signals (false = a request cancelled the stop).
    public mutating func stopHooksFinished() -> Bool {
        guard phase == .draining else { return false }
        phase = .terminating
        return true
    }

    /// Shutdown: stop whatever runs; returns whether there is a process to signal.
    public mutating func shutdown() -> Bool {
        switch phase {
        case .stopped: return false
        case .starting, .ready, .retiring, .draining, .terminating:
            phase = .terminating
            return true
        }
    }

    /// The process of `attempt` exited.
    public mutating func exited(attempt: Int, shuttingDown: Bool = false) -> ExitDecision {
        guard attempt == self.attempt, phase != .stopped else { return .ignore }
        let wasStarting = phase == .starting
        phase = .stopped
        port = nil
        retired = false
        if wasStarting { return .cleanUpAndFailWaiters }
        if waiting > 0 && !shuttingDown {
            // Requests arrived while it was stopping: they get a fresh process. (Requests being proxied when an
            // app crashes get 502; the next request starts it again.)
            self.attempt += 1
            phase = .starting
            return .cleanUpAndRestart(attempt: self.attempt)
        }
        return .cleanUp
    }
}
