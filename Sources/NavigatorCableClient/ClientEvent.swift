/// What a test or bench WebSocket client observes, in arrival order.
public enum ClientEvent: Sendable, Equatable {
    /// A text message.
    case text(String)
    /// A binary message.
    case binary([UInt8])
    /// A ping frame (answered automatically when the client was asked to).
    case ping([UInt8])
    /// A pong frame.
    case pong([UInt8])
    /// A close frame with its status code (`nil` when the frame had no code).
    case close(code: UInt16?)
    /// The TCP connection ended.
    case disconnected
}
