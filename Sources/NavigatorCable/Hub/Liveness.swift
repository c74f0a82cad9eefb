import NIOCore

/// One socket's ping schedule and pong deadline (spec Part C §1.5): a JSON ping every interval from connect; the
/// deadline starts at connect and only a pong (JSON or frame) moves it. A value-type state machine.
struct Liveness: Sendable {
    /// When the next ping is due.
    private(set) var nextPing: NIODeadline
    /// When the socket is dropped unless a pong arrives.
    private(set) var pongDeadline: NIODeadline

    /// What the ticker must do for this socket now.
    enum Due: Equatable {
        /// Nothing yet.
        case nothing
        /// Send a ping.
        case ping
        /// The pong deadline passed: drop the socket.
        case expired
    }

    /// Starts the clocks at `now`.
    init(now: NIODeadline, limits: ConnectionLimits) {
        nextPing = now + limits.pingInterval
        pongDeadline = now + limits.pongTimeout
    }

    /// A pong arrived.
    mutating func pong(now: NIODeadline, limits: ConnectionLimits) {
        pongDeadline = now + limits.pongTimeout
    }

    /// Checks the clocks; a due ping is booked as sent.
    mutating func check(now: NIODeadline, limits: ConnectionLimits) -> Due {
        if now >= pongDeadline { return .expired }
        guard now >= nextPing else { return .nothing }
        // Skip missed beats instead of bursting them after a stall.
        while nextPing <= now { nextPing = nextPing + limits.pingInterval }
        return .ping
    }
}
