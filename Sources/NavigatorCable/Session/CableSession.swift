public import Logging
public import NIOCore
import NIOWebSocket

/// Runs one upgraded `/cable` socket: registers it with the hub, reads client messages until the socket ends, and
/// unregisters it on every way out (client close, error, 1009, pong or write timeout, shutdown).
public enum CableSession {
    /// Serves `asyncChannel` until it closes.
    public static func run(
        _ asyncChannel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, hub: CableHub, limits: ConnectionLimits,
        logger: Logger
    ) async {
        let connection = CableConnection(channel: asyncChannel.channel, limits: limits)
        guard hub.register(connection) else {
            try? await asyncChannel.channel.closeFuture.get()
            return
        }
        defer { hub.unregister(connection) }
        do {
            try await asyncChannel.executeThenClose { inbound, _ in
                var assembler = MessageAssembler(maxSize: limits.maxMessageSize)
                for try await frame in inbound {
                    guard try await handle(frame, assembler: &assembler, connection: connection, hub: hub) else { return }
                }
            }
        } catch {
            logger.debug("WebSocket read ended", metadata: ["error": .string(String(describing: error))])
        }
        connection.close(code: nil)
    }

    /// Handles one frame; returns `false` when the socket must end.
    private static func handle(
        _ frame: WebSocketFrame, assembler: inout MessageAssembler, connection: CableConnection, hub: CableHub
    ) async throws -> Bool {
        switch frame.opcode {
        case .text, .binary, .continuation:
            switch assembler.add(frame) {
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
                await closeAndWait(connection, code: .messageTooLarge)
                return false
            case .protocolError:
                await closeAndWait(connection, code: .protocolError)
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
            await closeAndWait(connection, code: code ?? .normalClosure)
            return false
        default:
            return true
        }
    }

    /// Sends a close frame and waits until the channel is closed, so it is on the wire before the socket goes.
    private static func closeAndWait(_ connection: CableConnection, code: WebSocketErrorCode) async {
        connection.close(code: code)
        try? await connection.channel.closeFuture.get()
    }
}
