public import Logging
public import NIOCore
import NIOWebSocket

/// Serves one upgraded `/cable` socket from inside its channel pipeline: registers it with the hub when added,
/// handles client frames as they are read, and unregisters it when the channel goes (client close, error, 1009,
/// pong or write timeout, shutdown).
///
/// A handler rather than a task reading an async sequence: an idle subscribed socket then costs its channel and
/// this object, not a suspended task with its async frames (that task was half the memory of an idle socket).
public final class CableChannelHandler: ChannelInboundHandler {
    public typealias InboundIn = WebSocketFrame
    public typealias OutboundOut = WebSocketFrame

    private let hub: CableHub
    private let limits: ConnectionLimits
    private let logger: Logger
    /// Touched only on the channel's event loop.
    private var session: Session?

    /// What one open socket has: its hub record and the message being reassembled.
    private struct Session {
        let connection: CableConnection
        var assembler: MessageAssembler
    }

    /// A handler for one socket.
    public init(hub: CableHub, limits: ConnectionLimits, logger: Logger) {
        self.hub = hub
        self.limits = limits
        self.logger = logger
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        let connection = CableConnection(channel: context.channel, limits: limits)
        // Refused once shutdown has begun: the hub has already closed it with 1001.
        guard hub.register(connection) else { return }
        session = Session(connection: connection, assembler: MessageAssembler(maxSize: limits.maxMessageSize))
    }

    public func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        end()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("WebSocket read ended", metadata: ["error": .string(String(describing: error))])
        session?.connection.close(code: nil)
        end()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = session else { return }
        let frame = unwrapInboundIn(data)
        let keepOpen = handle(frame, session: &current)
        session = current
        if !keepOpen { session = nil }
    }

    /// Unregisters the socket once.
    private func end() {
        guard let current = session else { return }
        session = nil
        hub.unregister(current.connection)
        current.connection.close(code: nil)
    }

    /// Handles one frame; returns `false` when the socket is being closed.
    private func handle(_ frame: WebSocketFrame, session: inout Session) -> Bool {
        let connection = session.connection
        switch frame.opcode {
        case .text, .binary, .continuation:
            switch session.assembler.add(frame) {
            case .incomplete:
                return true
            case .message(let payload):
                switch ClientCommand(payload: payload) {
                case .subscribe(let stream): hub.subscribe(connection, to: stream)
                case .unsubscribe(let stream): hub.unsubscribe(connection, from: stream)
                case .pong: connection.pong()
                case .ignored: break
                }
                return true
            case .tooLarge:
                closeAfterReply(connection, code: .messageTooLarge)
                return false
            case .protocolError:
                closeAfterReply(connection, code: .protocolError)
                return false
            }
        case .ping:
            connection.sendControl(frame.unmaskedData, opcode: .pong)
            return true
        case .pong:
            connection.pong()
            return true
        case .connectionClose:
            // Echo the client's code, as RFC 6455 asks; an empty close gets an empty reply.
            var data = frame.unmaskedData
            let code = data.readableBytes >= 2 ? data.readWebSocketErrorCode() : nil
            closeAfterReply(connection, code: code ?? .normalClosure)
            return false
        default:
            return true
        }
    }

    /// Leaves the hub and sends a close frame; the connection closes the channel once the frame is written.
    private func closeAfterReply(_ connection: CableConnection, code: WebSocketErrorCode) {
        hub.unregister(connection)
        connection.close(code: code)
    }
}
