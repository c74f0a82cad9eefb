import Synchronization

/// Runs an async cleanup exactly once: when the response body ends, or — as a safety net — when the response is
/// dropped without its body ever being written (so a tenant's in-flight count can never leak).
public final class FinishOnce: Sendable {
    private let action: @Sendable () async -> Void
    private let done = Mutex(false)

    /// Wraps `action`.
    public init(_ action: @escaping @Sendable () async -> Void) {
        self.action = action
    }

    /// Runs the action unless it ran already.
    public func run() async {
        guard claim() else { return }
        await action()
    }

    private func claim() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }

    deinit {
        if claim() {
            let action = self.action
            Task { await action() }
        }
    }
}
