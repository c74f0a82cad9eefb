public import NavigatorConfig
import NIOCore

/// The per-connection limits and timers, taken from the `cable:` settings of the generation that accepted the socket
/// (a reload changes them for new sockets only).
public struct ConnectionLimits: Sendable, Equatable {
    /// Interval between JSON pings.
    public var pingInterval: TimeAmount
    /// How long a socket may go without a pong.
    public var pongTimeout: TimeAmount
    /// How long pending writes may make no progress.
    public var writeTimeout: TimeAmount
    /// Largest inbound message in bytes.
    public var maxMessageSize: Int
    /// Outbound queue bound in messages.
    public var queueMessages: Int
    /// Outbound queue bound in bytes.
    public var queueBytes: Int

    /// Reads the limits from `settings`.
    public init(_ settings: CableSettings = CableSettings()) {
        pingInterval = TimeAmount(settings.pingInterval)
        pongTimeout = TimeAmount(settings.pongTimeout)
        writeTimeout = TimeAmount(settings.writeTimeout)
        maxMessageSize = settings.maxMessageSize
        queueMessages = settings.queueMessages
        queueBytes = settings.queueBytes
    }

    /// The shortest of the three timers: how fine the hub's ticker must be for this socket.
    var shortestTimer: TimeAmount { min(pingInterval, pongTimeout, writeTimeout) }
}
