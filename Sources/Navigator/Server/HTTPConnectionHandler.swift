import HTTPTypes
import Logging
import NavigatorCore
import NIOCore
import NIOHTTP1

/// Serves one HTTP/1.x connection: every request runs through the pipeline on a worker isolated to the connection's
/// event loop, and its response is written straight to the channel (`ConnectionResponseWriter`).
///
/// This is the only way into the pipeline. A request body is handed to the pipeline as a stream with backpressure
/// (`RequestBodyStream`): reads stop while the pipeline has not taken what arrived. A request that asks for a
/// WebSocket gets an `UpgradeSlot` in its context; when a stage accepts it, the answer is a 101 and the connection
/// switches to WebSocket frames (`WebSocketSwitch`) — decided in the same single pass that would otherwise answer.
///
/// One exchange runs at a time. Parts that arrive while one is in flight (pipelined requests) wait here, and reads
/// stop until it ends, so responses leave in request order. Reads go on while nothing waits: a client that sends
/// its next request only after the answer (nearly all of them) then costs no change of the socket's epoll interest.
/// The handler also owns the header timeout of the first request, the idle timeout between requests, the close of
/// connections that are not kept alive (HTTP/1.0 without `keep-alive`, `Connection: close`) and the graceful-shutdown
/// close, because it is the one that sees every request and response.
final class HTTPConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// What the connection is configured with.
    struct Settings: Sendable {
        /// Runs one request through the pipeline.
        var respond: RequestHandler
        /// Closes a connection with no exchange in flight for this long.
        var idleTimeout: TimeAmount?
        /// Closes a connection whose first request head has not arrived in this long.
        var headerTimeout: TimeAmount?
        /// Largest inbound WebSocket frame once upgraded (larger → close 1009).
        var maxFrameSize: Int
        /// Counts open WebSockets as activity for machine idle; `nil` = not counted.
        var idle: MachineIdle?
    }

    /// The exchange in flight; it ends once both its request and its response have ended.
    private struct Exchange {
        var requestEnded = false
        var responseEnded = false
        /// Whether the connection may carry another request after this one.
        var keepAlive: Bool
        /// Where body parts go while the pipeline may still read them.
        var body: RequestBodyStream.Source?
        /// Body bytes thrown away after the response ended without reading them.
        var drained = 0
    }

    /// Most body bytes drained after an early response before the connection is closed instead (Go's figure).
    static let drainLimit = 256 * 1024

    private let settings: Settings
    private let logger: Logger
    private let workers: RequestWorkers
    private var context: ChannelHandlerContext?
    private var exchange: Exchange?
    private var held = CircularBuffer<HTTPServerRequestPart>()
    private var readHeld = false
    private var bodyPaused = false
    private var closeWhenDone = false
    private var sawFirstHead = false
    private var lastActive = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?
    private var headerTimer: Scheduled<Void>?
    private var worker: RequestWorkers.Worker?
    /// The client's address, worked out on the first request.
    private var peer: PeerAddress?

    /// Creates the handler for one connection, answered by `workers` (those of the connection's event loop).
    init(settings: Settings, workers: RequestWorkers, logger: Logger) {
        self.settings = settings
        self.workers = workers
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { armTimers(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimers(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        // The client left: a request still waiting (for a starting tenant, a slow upstream) is cancelled, and the
        // access log records 499 for it.
        exchange?.body?.finish(ChannelError.eof)
        exchange?.body = nil
        worker?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActive = .now()
        let part = unwrapInboundIn(data)
        if held.isEmpty, exchange?.requestEnded != true {
            handle(part, context: context)
        } else {
            held.append(part)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        if exchange == nil, held.isEmpty {
            refuse(parseError, context: context)
            return
        }
        // A broken body: the stage reading it fails, and the connection ends after its answer.
        closeWhenDone = true
        exchange?.body?.finish(parseError)
        exchange?.body = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed = event as? ChannelEvent {
            // The client half-closed: it sends nothing more, but still gets the answer to what it sent.
            if exchange?.requestEnded == false {
                exchange?.body?.finish(ChannelError.eof)
                exchange?.body = nil
                exchange?.requestEnded = true
            }
            if exchange == nil, held.isEmpty { context.close(promise: nil) } else { closeWhenDone = true }
            return
        }
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // Graceful shutdown: an idle connection closes now, a busy one once its response has been written.
        if exchange == nil { context.close(promise: nil) } else { closeWhenDone = true }
    }

    func read(context: ChannelHandlerContext) {
        // Once a pipelined request waits, or the pipeline has not taken the body that arrived, the next bytes stay
        // in the socket.
        if !held.isEmpty || bodyPaused {
            readHeld = true
        } else {
            context.read()
        }
    }

    // MARK: Requests

    /// Takes a part that belongs to the exchange in flight, or starts one with a head.
    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            guard exchange == nil else {
                context.close(promise: nil)
                return
            }
            begin(head, context: context)
        case .body(let buffer):
            guard var current = exchange else { return }
            if let body = current.body {
                if body.yield(buffer) == .stopProducing { bodyPaused = true }
            } else {
                current.drained += buffer.readableBytes
                exchange = current
                if current.drained > Self.drainLimit { context.close(promise: nil) }
            }
        case .end:
            guard exchange != nil else { return }
            exchange?.requestEnded = true
            exchange?.body?.finish()
            exchange?.body = nil
            finishIfDone(context)
        }
    }

    /// Starts the exchange for `head`: builds the request and its context and hands them to a worker.
    private func begin(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        if !sawFirstHead {
            sawFirstHead = true
            headerTimer?.cancel()
            headerTimer = nil
        }
        guard RequestHead.hasValidHost(head), let converted = RequestHead.httpRequest(from: head) else {
            refuse(.invalidHeaderToken, context: context)
            return
        }
        var exchange = Exchange(keepAlive: head.isKeepAlive)
        let body: RequestBody
        if RequestHead.hasBody(head) {
            let stream = RequestBodyStream.make(handler: self, eventLoop: context.eventLoop)
            exchange.body = stream.source
            body = RequestHead.expectsContinue(head)
                ? RequestBody(asyncSequence: ContinueOnFirstRead(base: stream.body, eventLoop: context.eventLoop, handler: self))
                : RequestBody(asyncSequence: stream.body)
        } else {
            body = RequestBody(buffer: ByteBuffer())
        }
        self.exchange = exchange
        let request = Request(head: converted, body: body)
        let peer = self.peer ?? PeerAddress(context.channel.remoteAddress)
        self.peer = peer
        var requestContext = NavigatorRequestContext(channel: context.channel, logger: logger, peer: peer)
        requestContext.writesFileRegions = true
        requestContext.httpVersion = head.version.description
        if head.method == .GET, RequestHead.asksForUpgrade(converted) { requestContext.upgrade = UpgradeSlot() }
        let writer = ConnectionResponseWriter(
            context: context, handler: self, version: head.version, keepAlive: exchange.keepAlive && !closeWhenDone,
            headRequest: head.method == .HEAD)
        worker = workers.dispatch { [respond = settings.respond, logger, requestContext, isolation = workers.isolation] in
            await isolation.answer(request, context: requestContext, respond: respond, writer: writer, logger: logger)
        }
    }

    /// Answers a request the parser could not read — oversized headers get 431 (what Go answers), anything else
    /// 400 — and closes the connection.
    private func refuse(_ error: HTTPParserError, context: ChannelHandlerContext) {
        guard exchange == nil else { return }
        exchange = Exchange(requestEnded: true, keepAlive: false)
        let status: HTTPResponseStatus = error == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: ["Connection": "close", "Content-Length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    // MARK: Called back on the event loop

    /// The pipeline wants more of the body: reads resume.
    func bodyDemanded() {
        guard bodyPaused else { return }
        bodyPaused = false
        resumeReadsIfHeld()
    }

    /// The pipeline dropped the body without reading it to the end: what still arrives is drained.
    func bodyAbandoned() {
        exchange?.body = nil
        bodyDemanded()
    }

    /// Sends `100 Continue` before the first body read of a request that asked for it, unless the answer began.
    func sendContinue() {
        guard let context, exchange?.responseEnded == false else { return }
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
    }

    /// The response has been handed to the channel (`ok == false`: it failed half-way, so the connection ends).
    /// `keepAlive` says whether the response left the connection reusable; `written` completes with the last write.
    func responseEnded(ok: Bool, keepAlive: Bool, written: EventLoopFuture<Void>?) {
        worker = nil
        guard let context else { return }
        guard ok else {
            context.close(promise: nil)
            return
        }
        guard exchange != nil else { return }
        exchange?.responseEnded = true
        if !keepAlive { exchange?.keepAlive = false }
        if exchange?.keepAlive == false || closeWhenDone {
            // No further request is read; the connection closes once the last bytes have left.
            exchange = nil
            held.removeAll()
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            if let written {
                written.whenComplete { _ in bound.value.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
            return
        }
        if exchange?.requestEnded == false {
            // The answer came before the whole body: the rest is drained (up to `drainLimit`).
            exchange?.body?.finish()
            exchange?.body = nil
            bodyDemanded()
        }
        finishIfDone(context)
    }

    /// A stage accepted the WebSocket upgrade: the 101 goes out and the connection switches to frames.
    func switchToWebSocket(_ acceptance: UpgradeSlot.Acceptance, request: Request) {
        worker = nil
        guard let context else { return }
        exchange = nil
        held.removeAll()
        cancelTimers()
        WebSocketSwitch.perform(
            acceptance, request: request, context: context, handler: self, maxFrameSize: settings.maxFrameSize,
            idle: settings.idle, logger: logger)
    }

    /// Ends the exchange once both directions have ended, then handles what waited for it.
    private func finishIfDone(_ context: ChannelHandlerContext) {
        guard let current = exchange, current.requestEnded, current.responseEnded else { return }
        exchange = nil
        lastActive = .now()
        if closeWhenDone || !current.keepAlive {
            context.close(promise: nil)
            return
        }
        var replayed = false
        while exchange?.requestEnded != true, let part = held.popFirst() {
            replayed = true
            handle(part, context: context)
        }
        if replayed { context.fireChannelReadComplete() }
        resumeReadsIfHeld()
    }

    private func resumeReadsIfHeld() {
        guard readHeld, held.isEmpty, !bodyPaused, let context else { return }
        readHeld = false
        context.read()
    }

    // MARK: Timers

    private func armTimers(_ context: ChannelHandlerContext) {
        if !sawFirstHead, headerTimer == nil, let timeout = settings.headerTimeout {
            headerTimer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: timeout) {
                self.headerTimer = nil
                if !self.sawFirstHead { self.context?.close(promise: nil) }
            }
        }
        scheduleIdleCheck(context, from: lastActive)
    }

    private func cancelTimers() {
        idleTimer?.cancel()
        idleTimer = nil
        headerTimer?.cancel()
        headerTimer = nil
    }

    /// Checks for idleness `idleTimeout` after `start` (nothing without an idle timeout, or when a check is due).
    private func scheduleIdleCheck(_ context: ChannelHandlerContext, from start: NIODeadline) {
        guard let idleTimeout = settings.idleTimeout, idleTimer == nil else { return }
        idleTimer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: start + idleTimeout) {
            self.idleTimer = nil
            self.idleCheck()
        }
    }

    private func idleCheck() {
        guard let context, let idleTimeout = settings.idleTimeout, context.channel.isActive else { return }
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
extension HTTPConnectionHandler: Sendable {}

extension EventLoopIsolation {
    /// Runs the pipeline for `request` and writes its response (or switches to WebSocket), on the connection's loop.
    func answer(
        _ request: Request, context: NavigatorRequestContext, respond: RequestHandler, writer: ConnectionResponseWriter,
        logger: Logger
    ) async {
        var response: Response
        do {
            response = try await respond(request, context)
        } catch {
            // An error no stage turned into a response (the error boundary normally does).
            logger.debug("Unrecognised Error", metadata: ["error.type": "\(error)"])
            response = Response(status: .internalServerError)
        }
        if let acceptance = context.upgrade?.acceptance {
            await writer.switchToWebSocket(acceptance, request: request)
            return
        }
        response.headers[.date] = DateHeader.current()
        await writer.send(response, inMemory: context.record.inMemoryLength(of: response.body) != nil)
    }
}
