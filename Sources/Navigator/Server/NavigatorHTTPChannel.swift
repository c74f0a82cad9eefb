import Hummingbird
public import HummingbirdCore
public import Logging
public import NavigatorConfig
public import NavigatorCore
public import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// The HTTP/1.1 server channel, with WebSocket upgrades decided by the pipeline itself.
///
/// A request carrying `Upgrade: websocket` is first run through the current pipeline as an upgrade probe
/// (`UpgradeProbe`). When a stage accepted, the connection answers 101 (with the slot's headers) and the slot's
/// handler gets the raw frames. Otherwise the buffered request goes to ordinary HTTP handling and gets the
/// pipeline's real answer (401 with its challenge, a tenant's own refusal, 404…) — unlike a stock upgrade channel,
/// which answers every refused upgrade with a bare 400. `server.limits` apply on both paths.
public struct NavigatorHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    /// What the first request of a connection turned into.
    public enum Outcome: Sendable {
        /// Ordinary HTTP/1.1, and what cancels the request answered on the event loop (when the server gives up on
        /// the connection at the end of the shutdown grace period).
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, cancelLocal: @Sendable () -> Void)
        /// An accepted WebSocket upgrade and the handler that serves it.
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, WebSocketFrameHandler)
        /// An accepted WebSocket upgrade served by channel handlers already installed.
        case installed(any Channel)
    }

    /// A set-up connection: its channel and what its first request will turn into.
    public struct Value: ServerChildChannelValue {
        /// Completes once the first request decided between HTTP and WebSocket.
        public let outcome: EventLoopFuture<Outcome>
        /// The connection.
        public let channel: any Channel
    }

    /// Hummingbird's responder for requests with a body.
    public let responder: HTTPChannelHandler.Responder
    /// The pipeline, for requests answered on the event loop (`LocalExchangeHandler`).
    let localResponder: LocalExchangeHandler.Responder
    /// Idle timeout, header limits and extra handlers of the HTTP path.
    public let configuration: HTTP1Channel.Configuration
    /// How long the first request head may take to arrive.
    public let headerTimeout: TimeAmount
    /// Largest inbound WebSocket frame (larger → close 1009).
    public let maxFrameSize: Int
    /// Counts open WebSockets as activity for machine idle (F18); `nil` = not counted.
    public let idle: MachineIdle?
    /// Closes connections past the open-file headroom; `nil` = no cap.
    let cap: ConnectionCap?
    private let probe: UpgradeProbe
    private let workers = LocalWorkerRegistry()

    /// Creates the channel over the pipeline swap point.
    init(
        responder: @escaping HTTPChannelHandler.Responder, localResponder: @escaping LocalExchangeHandler.Responder,
        holder: PipelineHolder, configuration: HTTP1Channel.Configuration, headerTimeout: TimeAmount,
        maxFrameSize: Int, idle: MachineIdle? = nil, cap: ConnectionCap? = nil
    ) {
        self.responder = responder
        self.localResponder = localResponder
        self.idle = idle
        self.cap = cap
        self.probe = UpgradeProbe(holder: holder)
        self.configuration = configuration
        self.headerTimeout = headerTimeout
        self.maxFrameSize = maxFrameSize
    }

    /// A server builder for `Application(server:)`, with `server.limits` and `cable.max_message_size` applied.
    /// `respond` must answer as the application's responder does: bodyless requests are answered through it.
    public static func builder(
        holder: PipelineHolder, respond: @escaping RequestHandler, limits: ServerLimits, cable: CableSettings,
        idle: MachineIdle? = nil, cap: ConnectionCap? = nil
    ) -> HTTPServerBuilder {
        let configuration = HTTPServerSettings.http1(for: limits)
        return HTTPServerBuilder { responder in
            NavigatorHTTPChannel(
                responder: responder, localResponder: respond,
                holder: holder, configuration: configuration,
                headerTimeout: TimeAmount(limits.headerTimeout), maxFrameSize: cable.maxMessageSize, idle: idle,
                cap: cap
            )
        }
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        if let cap, !cap.admit(channel) {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        return channel.eventLoop.makeCompletedFuture {
            let accepted = AcceptedUpgrade()
            let upgrader = NIOTypedWebSocketServerUpgrader<Outcome>(
                maxFrameSize: maxFrameSize,
                shouldUpgrade: { channel, head in
                    shouldUpgrade(channel: channel, head: head, logger: logger, accepted: accepted)
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let acceptance = accepted.value else { throw ChannelError.inappropriateOperationForState }
                        switch acceptance.service {
                        case .frames(let handler):
                            let frames = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel)
                            return .websocket(frames, handler)
                        case .channel(let install):
                            try install(channel)
                            return .installed(channel)
                        }
                    }
                }
            )
            var pipeline = NIOUpgradableHTTPServerPipelineConfiguration(
                upgradeConfiguration: .init(upgraders: [upgrader]) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try httpOutcome(channel: channel, replaying: accepted.head, logger: logger)
                    }
                }
            )
            // Errors are answered by Hummingbird's HTTP handling; NIO's handler would turn a refused upgrade into a 400.
            pipeline.enableErrorHandling = false
            pipeline.enablePipelining = false
            pipeline.enableResponseHeaderValidation = false
            pipeline.decoderConfiguration.maxHeaderFieldSize = configuration.httpDecoder.maxHeaderFieldSize
            pipeline.decoderConfiguration.maxHeaderListSize = configuration.httpDecoder.maxHeaderListSize
            pipeline.decoderConfiguration.maxHeaderFieldCount = configuration.httpDecoder.maxHeaderFieldCount
            let outcome = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: pipeline)
            let upgradeHandler = try channel.pipeline.syncOperations.handler(type: NIOTypedHTTPServerUpgradeHandler<Outcome>.self)
            try channel.pipeline.syncOperations.addHandler(
                UpgradeHeadTimeoutHandler(timeout: headerTimeout, probe: accepted), position: .before(upgradeHandler)
            )
            try channel.pipeline.syncOperations.addHandler(FirstRequestErrorHandler(), position: .before(upgradeHandler))
            return Value(outcome: outcome, channel: channel)
        }
    }

    public func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.outcome.get() {
            case .http(let http, let cancelLocal):
                // Hummingbird's requests are cancelled with this task; the ones answered on the loop must be too.
                await withTaskCancellationHandler {
                    await handleHTTP(asyncChannel: http, logger: logger)
                } onCancel: {
                    cancelLocal()
                }
            case .websocket(let frames, let handler):
                let visit = await idle?.begin()
                await handler(frames, logger)
                visit?.end()
            case .installed(let channel):
                // The handlers do the work, so this task ends here instead of idling beside every socket; the hub
                // closes these sockets itself at shutdown (1001), before the server waits for its connections.
                let visit = await idle?.begin()
                channel.closeFuture.whenComplete { _ in visit?.end() }
            }
        } catch {
            logger.debug("Connection ended before its first request", metadata: ["error": .string("\(error)")])
            try? await value.channel.close()
        }
    }

    /// Runs the probe off the event loop; answers the 101's extra headers, or `nil` to serve the request as HTTP.
    private func shouldUpgrade(
        channel: any Channel, head: HTTPRequestHead, logger: Logger, accepted: AcceptedUpgrade
    ) -> EventLoopFuture<HTTPHeaders?> {
        let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
        promise.completeWithTask { [probe] in
            guard let acceptance = await probe.run(head: head, channel: channel, logger: logger) else { return nil }
            accepted.value = acceptance
            return HTTPHeaders(acceptance.headers)
        }
        return promise.futureResult
    }

    /// Installs the HTTP handlers after the first request turned out not to be an upgrade; a probed request (whose
    /// head NIO's upgrade handler consumed) is fed to them again.
    private func httpOutcome(channel: any Channel, replaying head: HTTPRequestHead?, logger: Logger) throws -> Outcome {
        let operations = channel.pipeline.syncOperations
        let codec = HTTP1ToHTTPServerCodec(secure: false)
        try operations.addHandler(codec)
        try operations.addHandlers(configuration.additionalChannelHandlers())
        // Also owns the idle timeout and the graceful-shutdown close that Hummingbird's connection-state handler
        // would do: that handler would not see the requests answered here.
        let local = LocalExchangeHandler(
            respond: localResponder, idleTimeout: configuration.idleTimeout, workers: workers.workers(for: channel.eventLoop),
            logger: logger
        )
        try operations.addHandler(local)
        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)
        )
        if let head { try operations.addHandler(RequestReplayHandler(head: head), position: .before(codec)) }
        let bound = NIOLoopBound(local, eventLoop: channel.eventLoop)
        return .http(http, cancelLocal: { bound.eventLoop.execute { bound.value.cancelInFlight() } })
    }
}
