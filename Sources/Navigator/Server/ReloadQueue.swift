import Synchronization

/// Serialises reloads and coalesces bursts (§5: triggers are serialised): at most one reload runs and at most one
/// waits; a trigger arriving while one already waits joins it, since that reload will read the newest file anyway.
final class ReloadQueue: Sendable {
    /// What became of one trigger.
    enum Outcome: Sendable, Equatable {
        /// Nothing was running: a reload starts now.
        case started
        /// A reload is running: one more runs after it.
        case queued
        /// A reload is running and one already waits: this trigger is served by the waiting one.
        case joined
    }

    private struct State {
        var running = false
        var pending = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let work: @Sendable () async -> Void
    private let state = Mutex(State())

    /// Creates a queue whose reloads run `work`.
    init(work: @escaping @Sendable () async -> Void) {
        self.work = work
    }

    /// Asks for one reload; never waits for it.
    @discardableResult
    func trigger() -> Outcome {
        let outcome: Outcome = state.withLock { state in
            if !state.running {
                state.running = true
                return .started
            }
            if state.pending { return .joined }
            state.pending = true
            return .queued
        }
        if outcome == .started {
            Task.detached { await self.runUntilNothingPending() }
        }
        return outcome
    }

    /// Returns once no reload runs or waits.
    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.running { state.idleWaiters.append(continuation) }
                return !state.running
            }
            if idle { continuation.resume() }
        }
    }

    private func runUntilNothingPending() async {
        while true {
            await work()
            let waiters: [CheckedContinuation<Void, Never>]? = state.withLock { state in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.running = false
                defer { state.idleWaiters = [] }
                return state.idleWaiters
            }
            guard let waiters else { continue }
            for waiter in waiters { waiter.resume() }
            return
        }
    }
}
