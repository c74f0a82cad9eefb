public import Logging
public import NavigatorConfig
public import NavigatorCore
public import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// The HTTP/1.1 listener, as a service of the server's service group: binds, serves every connection with an
/// `HTTPConnectionHandler`, and on graceful shutdown stops accepting, lets each connection finish the exchange in
/// flight, and waits for them to close. If the group's grace period runs out first (the run is cancelled), the
/// connections still open are closed.
public final class HTTPServer: Service {
    /// Where and how to listen.
    public struct Settings: Sendable {
        /// Host to bind (`::` or `0.0.0.0` for every interface) and port (0: any free one).
        public var host: String
        /// Port; 0 picks a free one (tests).
        public var port: Int
        /// Listen backlog: Go listens with the kernel's somaxconn (4096 here); a short backlog drops SYNs when
        /// thousands of cable clients reconnect at once, and each dropped SYN costs a client a 1 s retransmit.
        public var backlog: Int32 = 4096
        /// `server.limits`.
        public var limits: ServerLimits
        /// Largest inbound WebSocket frame (`cable.max_message_size`).
        public var maxFrameSize: Int
        /// A Unix socket to listen on instead of `host:port`.
        public var unixSocketPath: String?

        /// Settings for `host:port` with `limits`.
        public init(host: String, port: Int, limits: ServerLimits, maxFrameSize: Int) {
            self.host = host
            self.port = port
            self.limits = limits
            self.maxFrameSize = maxFrameSize
        }
    }

    private let settings: Settings
    private let respond: RequestHandler
    private let idle: MachineIdle?
    private let cap: ConnectionCap?
    private let logger: Logger
    private let onListening: @Sendable (SocketAddress) -> Void
    private let connections = ConnectionRegistry()
    private let workers = WorkerRegistry()
    private let bound = Mutex<(any Channel)?>(nil)
    private let shutdownRequested = Atomic<Bool>(false)

    /// A server answering every request with `respond`; `onListening` is told the bound address.
    public init(
        settings: Settings, respond: @escaping RequestHandler, idle: MachineIdle? = nil, cap: ConnectionCap? = nil,
        logger: Logger, onListening: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.settings = settings
        self.respond = respond
        self.idle = idle
        self.cap = cap
        self.logger = logger
        self.onListening = onListening
    }

    /// The bound address while listening.
    public var localAddress: SocketAddress? { bound.withLock { $0?.localAddress } }

    /// Binds and serves until graceful shutdown (or cancellation).
    public func run() async throws {
        let listener = try await bind()
        bound.withLock { $0 = listener }
        if let address = listener.localAddress { onListening(address) }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await listener.closeFuture.get()
                await connections.waitUntilEmpty()
            } onGracefulShutdown: {
                self.shutDown()
            }
        } onCancel: {
            listener.close(promise: nil)
            connections.closeAll()
        }
    }

    /// Stops accepting and asks every connection to close once its exchange in flight is done.
    public func shutDown() {
        guard !shutdownRequested.exchange(true, ordering: .relaxed) else { return }
        bound.withLock { $0 }?.close(promise: nil)
        connections.quiesceAll()
    }

    private func bind() async throws -> any Channel {
        let limits = settings.limits
        let handlerSettings = HTTPConnectionHandler.Settings(
            respond: respond, idleTimeout: TimeAmount(limits.idleTimeout), headerTimeout: TimeAmount(limits.headerTimeout),
            maxFrameSize: settings.maxFrameSize, idle: idle)
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderSize
        decoderLimits.maxHeaderListSize = limits.maxHeaderSize
        decoderLimits.maxHeaderFieldCount = 1000
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: settings.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A client that half-closes after its request still gets the answer (HTTPConnectionHandler).
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { [connections, cap, workers, logger] channel in
                if let cap, !cap.admit(channel) {
                    channel.close(promise: nil)
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                        withEncoderConfiguration: .init(),
                        withDecoderLimitConfiguration: decoderLimits)
                    try operations.addHandler(HTTPConnectionHandler(
                        settings: handlerSettings, workers: workers.workers(for: channel.eventLoop), logger: logger))
                }
            }
        if let path = settings.unixSocketPath { return try await bootstrap.bind(unixDomainSocketPath: path).get() }
        return try await bootstrap.bind(host: settings.host, port: settings.port).get()
    }
}

/// The open client connections of one server, for graceful shutdown and for the hard close after its deadline.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Tracks `channel` until it closes.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { $0.channels[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.channels[id] = nil
                guard state.channels.isEmpty else { return [] }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Sends every connection the quiesce event: idle ones close, busy ones after their exchange.
    func quiesceAll() {
        for channel in state.withLock({ Array($0.channels.values) }) {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    /// Closes every connection now.
    func closeAll() {
        for channel in state.withLock({ Array($0.channels.values) }) { channel.close(promise: nil) }
    }

    /// Returns once no connection is open.
    func waitUntilEmpty() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.channels.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
