import NIOCore
import NIOWebSocket

/// Reports every inbound frame of an upgraded client channel as a `ClientEvent`, on the event loop.
final class ClientFrameHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let onEvent: @Sendable (ClientEvent) -> Void
    private let autoPong: Bool

    init(autoPong: Bool, onEvent: @escaping @Sendable (ClientEvent) -> Void) {
        self.autoPong = autoPong
        self.onEvent = onEvent
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var payload = frame.unmaskedData
        let bytes = payload.readBytes(length: payload.readableBytes) ?? []
        switch frame.opcode {
        case .text:
            onEvent(.text(String(decoding: bytes, as: UTF8.self)))
        case .binary:
            onEvent(.binary(bytes))
        case .ping:
            onEvent(.ping(bytes))
            if autoPong {
                let reply = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: ByteBuffer(bytes: bytes))
                context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            }
        case .pong:
            onEvent(.pong(bytes))
        case .connectionClose:
            let code = bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : nil
            onEvent(.close(code: code))
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        onEvent(.disconnected)
        context.fireChannelInactive()
    }
}
