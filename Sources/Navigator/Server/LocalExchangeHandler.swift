import HTTPTypes
import Hummingbird
import Logging
import NavigatorCore
import NIOCore
import NIOHTTPTypes

/// Answers the bodyless requests of an HTTP/1.1 connection itself, from a task that writes straight to the channel,
/// and passes every other request on to Hummingbird's async channel.
///
/// Both paths run the same pipeline. The local path skips the async-sequence hand-offs of `NIOAsyncChannel` on the
/// way in and on the way out, which were most of a small request's cost (docs/PERFORMANCE.md). A request with a
/// body (`Content-Length` or `Transfer-Encoding`) or with `Connection: close` keeps Hummingbird's path: its
/// streaming, draining and closing are Hummingbird's own.
///
/// One exchange runs at a time. Parts that arrive while one is in flight (pipelined requests) wait here, and reads
/// stop until it ends, so responses leave in request order. Reads go on while nothing waits: a client that sends
/// its next request only after the answer (nearly all of them) then costs no change of the socket's epoll interest
/// per request, which stopping and restarting reads would (two `epoll_ctl` calls). This handler also owns the connection's idle timeout
/// and graceful-shutdown close, because it is the one that sees every request and response.
final class LocalExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Runs one request through the pipeline.
    typealias Responder = RequestHandler

    /// Which side answers the exchange in flight; it ends once both its request and its response have ended.
    private enum Exchange {
        case local(requestEnded: Bool, responseEnded: Bool)
        case forwarded(requestEnded: Bool, responseEnded: Bool)

        var requestEnded: Bool {
            switch self {
            case .local(let ended, _), .forwarded(let ended, _): ended
            }
        }
    }

    /// Something that arrived while it could not be handled yet.
    private enum Held {
        case part(HTTPRequestPart)
        case error(any Error)
        /// Another inbound event, such as the client's half-close, which would end Hummingbird's side early.
        case event(Any)
    }

    private let respond: Responder
    private let logger: Logger
    private let idleTimeout: TimeAmount?
    private var exchange: Exchange?
    private var held = CircularBuffer<Held>()
    private var readHeld = false
    private var closeWhenDone = false
    private var lastActive = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?
    private let workers: LocalRequestWorkers
    private var worker: LocalRequestWorkers.Worker?
    /// The client's address, worked out on the first request answered here.
    private var peer: PeerAddress?

    /// Creates the handler; `idleTimeout` closes a connection with no exchange in flight for that long. Requests
    /// are answered by `workers`, those of the connection's event loop.
    init(respond: @escaping Responder, idleTimeout: TimeAmount?, workers: LocalRequestWorkers, logger: Logger) {
        self.respond = respond
        self.idleTimeout = idleTimeout
        self.workers = workers
        self.logger = logger
    }

    /// Whether a request head can be answered here: it has no body and does not ask to close the connection.
    static func answersLocally(_ head: HTTPRequest) -> Bool {
        let fields = head.headerFields
        return fields[.contentLength] == nil && fields[.transferEncoding] == nil && fields[.connection] != "close"
    }

    // MARK: Inbound

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { scheduleIdleCheck(context, from: lastActive) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleIdleCheck(context, from: lastActive)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The task is not cancelled, as Hummingbird does not cancel its own when a client leaves: that is noticed
        // at the next write, which fails (logged 499).
        idleTimer?.cancel()
        idleTimer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActive = .now()
        route(.part(unwrapInboundIn(data)), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        route(.error(error), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            route(.event(event), context: context)
            return
        }
        // Graceful shutdown: an idle connection closes now, a busy one once its response has been written.
        if exchange == nil { context.close(promise: nil) } else { closeWhenDone = true }
    }

    /// Sends `item` where it belongs: to the exchange in flight while its request is still arriving, to a new
    /// exchange when none is in flight, otherwise into `held` until the exchange ends.
    private func route(_ item: Held, context: ChannelHandlerContext) {
        switch (exchange, item) {
        case (.local(requestEnded: false, let responseEnded), .part(.end)):
            exchange = .local(requestEnded: true, responseEnded: responseEnded)
            finishIfDone(context)
        case (.forwarded(requestEnded: false, let responseEnded), .part(let part)):
            context.fireChannelRead(wrapInboundOut(part))
            if case .end = part {
                exchange = .forwarded(requestEnded: true, responseEnded: responseEnded)
                finishIfDone(context)
            }
        case (.forwarded(requestEnded: false, _), .error(let error)), (nil, .error(let error)):
            context.fireErrorCaught(error)
        case (.forwarded(requestEnded: false, _), .event(let event)), (nil, .event(let event)):
            context.fireUserInboundEventTriggered(event)
        case (.some, _):
            held.append(item)
        case (nil, .part(let part)):
            begin(part, context: context)
        }
    }

    /// Starts the exchange for `part`, which should be a request head.
    private func begin(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        guard case .head(let head) = part, Self.answersLocally(head) else {
            // Hummingbird answers it; a part that is not a head makes it close the connection, as before.
            if case .head = part { exchange = .forwarded(requestEnded: false, responseEnded: false) }
            context.fireChannelRead(wrapInboundOut(part))
            return
        }
        exchange = .local(requestEnded: false, responseEnded: false)
        let writer = LocalResponseWriter(context: context, handler: self)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        let peer = self.peer ?? PeerAddress(context.channel.remoteAddress)
        self.peer = peer
        var requestContext = NavigatorRequestContext(source: .init(channel: context.channel, logger: logger), peer: peer)
        requestContext.writesFileRegions = true
        worker = workers.dispatch { [respond, logger, requestContext, isolation = workers.isolation] in
            await isolation.answer(request, context: requestContext, respond: respond, writer: writer, logger: logger)
        }
    }

    /// Called on the event loop when the local response has been handed to the channel (or failed, `ok == false`).
    func localResponseEnded(context: ChannelHandlerContext, ok: Bool) {
        worker = nil
        guard ok else {
            // Like Hummingbird when a body fails half-way: the response cannot be completed, so the connection ends.
            context.close(promise: nil)
            return
        }
        guard case .local(let requestEnded, _) = exchange else { return }
        exchange = .local(requestEnded: requestEnded, responseEnded: true)
        finishIfDone(context)
    }

    /// Cancels the request being answered here, if any: the pipeline then logs it as 499, as it does for
    /// Hummingbird's requests cancelled at the end of the shutdown grace period.
    func cancelInFlight() {
        worker?.cancel()
    }

    /// Ends the exchange once both directions have ended, then handles what waited for it.
    private func finishIfDone(_ context: ChannelHandlerContext) {
        switch exchange {
        case .local(true, true), .forwarded(true, true): break
        default: return
        }
        exchange = nil
        lastActive = .now()
        if closeWhenDone {
            context.close(promise: nil)
            return
        }
        let waiting = held
        held.removeAll(keepingCapacity: true)
        for item in waiting { route(item, context: context) }
        if !waiting.isEmpty { context.fireChannelReadComplete() }
        if readHeld, held.isEmpty {
            readHeld = false
            context.read()
        }
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        // Once a pipelined request waits, the next ones stay in the socket: they cannot pile up here.
        if !held.isEmpty {
            readHeld = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Only Hummingbird's writes pass here; the local writer writes from this handler's context.
        guard case .end = unwrapOutboundIn(data), case .forwarded(let requestEnded, false) = exchange else {
            context.write(data, promise: promise)
            return
        }
        exchange = .forwarded(requestEnded: requestEnded, responseEnded: true)
        if closeWhenDone, requestEnded {
            context.writeAndFlush(data, promise: promise)
        } else {
            context.write(data, promise: promise)
        }
        finishIfDone(context)
    }

    // MARK: Idle timeout

    /// Checks for idleness `idleTimeout` after `start` (nothing without an idle timeout, or when a check is due).
    private func scheduleIdleCheck(_ context: ChannelHandlerContext, from start: NIODeadline) {
        guard let idleTimeout, idleTimer == nil else { return }
        idleTimer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: start + idleTimeout) {
            self.idleTimer = nil
            self.idleCheck(context)
        }
    }

    private func idleCheck(_ context: ChannelHandlerContext) {
        guard let idleTimeout, context.channel.isActive else { return }
        if exchange != nil {
            scheduleIdleCheck(context, from: .now())
        } else if lastActive + idleTimeout <= .now() {
            context.close(promise: nil)
        } else {
            scheduleIdleCheck(context, from: lastActive)
        }
    }
}

@available(*, unavailable)
extension LocalExchangeHandler: Sendable {}

extension EventLoopIsolation {
    /// Runs the pipeline for `request` and writes its response, on the connection's event loop.
    func answer(
        _ request: Request, context: NavigatorRequestContext, respond: LocalExchangeHandler.Responder, writer: LocalResponseWriter,
        logger: Logger
    ) async {
        var response: Response
        do {
            response = try await respond(request, context)
        } catch {
            // As Hummingbird does for an error no stage turned into a response.
            logger.debug("Unrecognised Error", metadata: ["error.type": "\(error)"])
            response = Response(status: .internalServerError)
        }
        response.headers[.date] = DateHeader.current()
        await writer.send(response, inMemory: context.record.inMemoryLength(of: response.body) != nil)
    }
}
