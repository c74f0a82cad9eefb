import NIOCore
import NIOHTTP1

/// Hands a probed-but-not-upgraded request back to HTTP handling: NIO's upgrade handler consumed the head and end
/// of an upgrade attempt, so this handler, placed just after it, fires them again into the HTTP handlers and then
/// removes itself. Anything the client sent after the request follows when the upgrade handler unbuffers.
final class RequestReplayHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let head: HTTPRequestHead

    init(head: HTTPRequestHead) {
        self.head = head
    }

    func handlerAdded(context: ChannelHandlerContext) {
        context.fireChannelRead(wrapInboundOut(.head(head)))
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        // The async channel hands reads to its consumer on read-complete, which NIO does not fire when it had
        // nothing buffered itself.
        context.fireChannelReadComplete()
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }
}

@available(*, unavailable)
extension RequestReplayHandler: Sendable {}
