import Crypto
import FoundationEssentials
import HTTPTypes
import Logging
import NavigatorCore
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Turns an HTTP/1.1 connection into a WebSocket once a stage accepted the upgrade (RFC 6455 §4.2.2): the 101
/// with `Sec-WebSocket-Accept` and the stage's headers, then the HTTP handlers leave the channel and the frame
/// codec takes their place.
enum WebSocketSwitch {
    /// RFC 6455's GUID, appended to the client's key before hashing.
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`.
    static func acceptValue(forKey key: String) -> String {
        Data(Insecure.SHA1.hash(data: Array((key + guid).utf8))).base64EncodedString()
    }

    /// Answers 101 and installs the WebSocket handlers; a request without a key cannot be switched and gets 400.
    static func perform(
        _ acceptance: UpgradeSlot.Acceptance, request: Request, context: ChannelHandlerContext,
        handler: HTTPConnectionHandler, maxFrameSize: Int, idle: MachineIdle?, logger: Logger
    ) {
        guard let key = request.headers[.secWebSocketKey] else {
            let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["Connection": "close", "Content-Length": "0"])
            context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in context.close(promise: nil) }
            return
        }
        var headers = HTTPHeaders([("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", acceptValue(forKey: key))])
        for field in acceptance.headers { headers.add(name: field.name.rawName, value: field.value) }
        let head = HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        let channel = context.channel
        do {
            let operations = channel.pipeline.syncOperations
            try operations.removeHandler(context: context)
            try operations.removeHandler(operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self))
            try operations.removeHandler(operations.handler(type: HTTPResponseEncoder.self))
            try operations.addHandlers([
                WebSocketFrameEncoder(),
                ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize)),
                WebSocketProtocolErrorHandler(),
            ])
            try serve(acceptance.service, channel: channel, idle: idle, logger: logger)
        } catch {
            logger.debug("WebSocket upgrade failed", metadata: ["error": "\(error)"])
            channel.close(promise: nil)
        }
    }

    /// Starts whatever serves the upgraded connection, counted as activity for machine idle until it closes.
    private static func serve(_ service: UpgradeSlot.Service, channel: any Channel, idle: MachineIdle?, logger: Logger) throws {
        switch service {
        case .channel(let install):
            // The handlers do the work, so no task waits beside each of these (mostly idle) sockets.
            try install(channel)
            guard let idle else { return }
            Task {
                let visit = await idle.begin()
                try? await channel.closeFuture.get()
                visit.end()
            }
        case .frames(let handler):
            try channel.pipeline.syncOperations.addHandler(QuiesceCloseHandler())
            let frames = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel)
            Task {
                let visit = await idle?.begin()
                await handler(frames, logger)
                visit?.end()
            }
        }
    }
}

/// Closes a tunnelled WebSocket when the server shuts down gracefully: no stage of ours speaks for the upstream,
/// so the connection ends instead of holding the shutdown to its deadline.
final class QuiesceCloseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension QuiesceCloseHandler: Sendable {}
