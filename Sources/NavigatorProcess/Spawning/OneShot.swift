import Synchronization

/// A value delivered once and awaited by any number of tasks; the first `resolve` wins.
public final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var nextToken: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Value?, Never>] = [:]
    }

    private let state = Mutex(State())

    /// An unresolved value.
    public init() {}

    /// Delivers `value` unless one was delivered already; returns whether this call delivered it.
    @discardableResult
    public func resolve(_ value: Value) -> Bool {
        let waiters: [CheckedContinuation<Value?, Never>]? = state.withLock { state in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value, if delivered.
    public var current: Value? { state.withLock { $0.value } }

    /// Waits for the value (not cancellable: use `value(within:)` where a waiter may give up).
    public var value: Value {
        get async { await wait(limit: nil, cancellable: false)! }
    }

    /// Waits at most `limit` (`nil` = no limit); returns `nil` on timeout or when the waiting task is cancelled.
    public func value(within limit: Duration?) async -> Value? {
        await wait(limit: limit, cancellable: true)
    }

    private func wait(limit: Duration?, cancellable: Bool) async -> Value? {
        let token = state.withLock { state in
            state.nextToken += 1
            return state.nextToken
        }
        let body = {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                let ready: Value?? = self.state.withLock { state in
                    if let value = state.value { return .some(value) }
                    state.waiters[token] = continuation
                    return .none
                }
                if let ready {
                    continuation.resume(returning: ready)
                    return
                }
                if let limit {
                    Task {
                        try? await Task.sleep(for: limit)
                        self.giveUp(token)
                    }
                }
            }
        }
        guard cancellable else { return await body() }
        return await withTaskCancellationHandler(operation: body, onCancel: { self.giveUp(token) })
    }

    /// Resumes waiter `token` with `nil` if it is still waiting.
    private func giveUp(_ token: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: token) }
        waiter?.resume(returning: nil)
    }
}
