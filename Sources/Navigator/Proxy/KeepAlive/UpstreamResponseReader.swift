import NIOCore
import NIOHTTP1

/// The last handler of an upstream connection: keeps the response parts that arrived until the exchange asks for
/// them, and wakes the exchange waiting for one.
///
/// Replaces `NIOAsyncChannel` here because a part that is already waiting is handed over without the exchange
/// suspending, and a wait costs one resume instead of the async sequence's hops (docs/PERFORMANCE.md). Reads stop
/// while `highWater` parts wait, so a slow client holds back a fast upstream.
final class UpstreamResponseReader: ChannelDuplexHandler, @unchecked Sendable {
    // @unchecked: every stored property is touched only on the channel's event loop (`EventLoop.run`, or a check of `inEventLoop`).
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// Parts kept before reads stop.
    static let highWater = 16

    private var parts = CircularBuffer<HTTPClientResponsePart>()
    /// Set once input has ended: `nil` for a clean end, or the error that ended it.
    private var ending: (any Error)??
    private var waiter: CheckedContinuation<HTTPClientResponsePart?, any Error>?
    private var readHeld = false
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parts.append(unwrapInboundIn(data))
        wake()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if ending == nil { ending = .some(error) }
        context.close(promise: nil)
        wake()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if ending == nil { ending = .some(nil) }
        wake()
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if parts.count >= Self.highWater { readHeld = true } else { context.read() }
    }

    /// The next part if one is ready: `.some(part)`, `.some(nil)` once input ended cleanly, `nil` when none has
    /// arrived yet. Throws the error that ended input, once the parts before it were taken.
    func ready() throws -> HTTPClientResponsePart?? {
        if let part = parts.popFirst() {
            if readHeld, parts.count < Self.highWater / 2 {
                readHeld = false
                context?.read()
            }
            return .some(part)
        }
        switch ending {
        case .none: return nil
        case .some(.none): return .some(nil)
        case .some(.some(let error)): throw error
        }
    }

    /// Parts waiting to be taken (for tests).
    var waitingParts: Int { parts.count }

    /// Hands the next part to `continuation` now, or as soon as it arrives.
    func await(_ continuation: CheckedContinuation<HTTPClientResponsePart?, any Error>) {
        precondition(waiter == nil, "one exchange at a time reads an upstream connection")
        waiter = continuation
        wake()
    }

    private func wake() {
        guard let waiter else { return }
        do {
            guard let next = try ready() else { return }
            self.waiter = nil
            waiter.resume(returning: next)
        } catch {
            self.waiter = nil
            waiter.resume(throwing: error)
        }
    }
}
