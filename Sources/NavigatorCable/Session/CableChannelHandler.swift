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
    // Both touched only on the channel's event loop. Every access is a short copy or assignment: closing the socket
    // can re-enter this handler (channelInactive) synchronously, which must not overlap an access in progress.
    /// The hub's record of this socket; `nil` before registration and once it has ended.
    private var connection: CableConnection?
    /// The client message being reassembled from frames.
    private var assembler: MessageAssembler

    /// A handler for one socket.
    public init(hub: CableHub, limits: ConnectionLimits, logger: Logger) {
        self.hub = hub
        self.limits = limits
        self.logger = logger
        self.assembler = MessageAssembler(maxSize: limits.maxMessageSize)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        let encoder = try? context.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        let created = CableConnection(channel: context.channel, limits: limits, encoder: encoder)
        // Refused once shutdown has begun: the hub has already closed it with 1001.
        guard hub.register(created) else { return }
        connection = created
    }

    public func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        end()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The server's channels allow half-closure, so a client that goes away shows up as end of input, not as an
        // inactive channel: without this the socket would sit in CLOSE_WAIT, holding its descriptor and subscription.
        if let event = event as? ChannelEvent, event == .inputClosed { end() }
        context.fireUserInboundEventTriggered(event)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("WebSocket read ended", metadata: ["error": .string(String(describing: error))])
        end()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let current = connection else { return }
        if !handle(unwrapInboundIn(data), connection: current) {
            // Closing: the close frame is on its way and the hub has let go; the channel closes after it.
            connection = nil
        }
    }

    /// Unregisters the socket and closes it, once.
    private func end() {
        guard let current = connection else { return }
        connection = nil
        hub.unregister(current)
        current.close(code: nil)
    }

    /// Handles one frame; returns `false` when the socket is being closed.
    private func handle(_ frame: WebSocketFrame, connection: CableConnection) -> Bool {
        switch frame.opcode {
        case .text, .binary, .continuation:
            let outcome = assembler.add(frame)
            switch outcome {
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
