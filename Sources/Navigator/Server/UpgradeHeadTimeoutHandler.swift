import NIOCore
import NIOHTTP1

/// `server.limits.header_timeout` for the first request of a connection on the upgrade-capable channel: it sits
/// before the upgrade handler (which holds the head back while the probe runs), closes the connection when the
/// head has not arrived in time, and removes itself once it has. A connection that has not sent a request yet (a
/// browser's speculative pre-connect) is closed at once when the server starts its graceful shutdown, so shutdown
/// does not wait for it.
final class UpgradeHeadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let timeout: TimeAmount
    private let probe: AcceptedUpgrade
    private var timer: Scheduled<Void>?

    /// `probe` receives the first head when it asks for an upgrade (NIO's upgrade handler will consume it).
    init(timeout: TimeAmount, probe: AcceptedUpgrade) {
        self.timeout = timeout
        self.probe = probe
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var isHead = false
        if case .head(let head) = unwrapInboundIn(data) {
            isHead = true
            if !head.headers[canonicalForm: "upgrade"].isEmpty { probe.head = head }
        }
        context.fireChannelRead(data)
        if isHead { context.pipeline.syncOperations.removeHandler(self, promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension UpgradeHeadTimeoutHandler: Sendable {}
