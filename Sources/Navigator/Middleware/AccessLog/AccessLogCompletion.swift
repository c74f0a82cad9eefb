import Synchronization

/// Tracks one response body on its way to the client and reports, exactly once, how it ended.
///
/// If the response is dropped without its body ever being written (the client went away before the head could be
/// sent, so the connection never calls the body), `deinit` reports `.clientClosed`: no request goes unlogged.
final class AccessLogCompletion: Sendable {
    /// How the body ended.
    enum Outcome: Sendable, Equatable {
        /// Every byte was handed to the connection.
        case completed
        /// Writing to the client failed, or never started: the client went away (D13: 499, `client_closed`).
        case clientClosed
        /// The body's producer failed (e.g. an upstream died mid-body); the message describes the error.
        case producerFailed(String)
    }

    /// Mutable progress.
    private struct State {
        var bytesWritten = 0
        var writeFailed = false
        var reported = false
    }

    private let state = Mutex(State())
    private let report: @Sendable (Outcome, Int) -> Void

    /// Calls `report(outcome, bytesWritten)` once, when the body ends.
    init(report: @escaping @Sendable (Outcome, Int) -> Void) {
        self.report = report
    }

    /// Counts bytes the connection accepted.
    func add(bytes: Int) {
        state.withLock { $0.bytesWritten += bytes }
    }

    /// Notes that the connection refused a write.
    func markWriteFailed() {
        state.withLock { $0.writeFailed = true }
    }

    /// Whether a write to the connection has failed.
    var writeFailed: Bool { state.withLock { $0.writeFailed } }

    /// Reports `outcome` unless an outcome was already reported.
    func complete(_ outcome: Outcome) {
        let bytes: Int? = state.withLock { state in
            guard !state.reported else { return nil }
            state.reported = true
            return state.bytesWritten
        }
        if let bytes { report(outcome, bytes) }
    }

    deinit {
        complete(.clientClosed)
    }
}
