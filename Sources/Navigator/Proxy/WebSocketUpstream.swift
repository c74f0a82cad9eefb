public import NIOCore
public import NIOHTTP1
public import NIOWebSocket
import NIOPosix
import NIOSSL
import Synchronization

/// The upstream half of a proxied WebSocket (shared by tenant and reverse-proxy WebSockets): a client handshake
/// over NIO, then a frame relay between the two connections (AsyncHTTPClient has no upgrade support).
public enum WebSocketUpstream {
    /// How the upstream answered the handshake.
    public enum Handshake: Sendable {
        /// 101: frames flow; `subprotocol` is the upstream's `Sec-WebSocket-Protocol` choice, to echo to the client.
        case upgraded(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, subprotocol: String?)
        /// Anything else; the connection is closed.
        case refused
    }

    /// Request headers that belong to one hop of a WebSocket handshake: the upgrader writes its own.
    static let handshakeHeaders: Set<String> = [
        "sec-websocket-key", "sec-websocket-accept", "sec-websocket-version", "sec-websocket-extensions",
    ]

    /// The handshake headers for the upstream: the client's minus hop-by-hop and per-hop WebSocket headers
    /// (`Origin`, cookies and `Sec-WebSocket-Protocol` pass).
    public static func handshakeRequestHeaders(from headers: HTTPHeaders) -> HTTPHeaders {
        var result = HTTPHeaders()
        for (name, value) in headers where !handshakeHeaders.contains(name.lowercased()) {
            result.add(name: name, value: value)
        }
        return result
    }

    /// How to reach the upstream.
    public struct Endpoint: Sendable {
        /// Host name or IP literal (without brackets).
        public var host: String
        /// TCP port.
        public var port: Int
        /// Whether to speak TLS (`wss://`, or an `https://` target).
        public var tls: Bool

        /// Creates an endpoint.
        public init(host: String, port: Int, tls: Bool = false) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }

    /// Connects to `endpoint` and performs the handshake for `uri` with `headers`. The TCP (and TLS) connection
    /// must open within `connectTimeout`, and the whole handshake end within `handshakeTimeout` (45 s, as Go's
    /// dialer), or the attempt fails and the caller answers 502/504.
    public static func connect(
        _ endpoint: Endpoint, uri: String, headers: HTTPHeaders, maxFrameSize: Int = 1 << 20,
        connectTimeout: Duration = .seconds(10), handshakeTimeout: Duration = .seconds(45)
    ) async throws -> Handshake {
        let tlsContext = endpoint.tls ? try UpstreamTLS.sharedContext() : nil
        var headers = headers
        // HTTP/1.1 needs a Host (Go's client always sends one); the endpoint's when the caller gave none.
        if !headers.contains(name: "host") { headers.add(name: "Host", value: Self.authority(of: endpoint)) }
        let timedOut = Atomic<Bool>(false)
        let upgradeResult: EventLoopFuture<Handshake> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        // SNI carries names only; an IP literal is checked against the certificate's IP entries.
                        let name = UpstreamTLS.isIPLiteral(endpoint.host) ? nil : endpoint.host
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tlsContext, serverHostname: name))
                    }
                    let result = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: pipelineConfiguration(uri: uri, headers: headers, maxFrameSize: maxFrameSize))
                    let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(handshakeTimeout)) {
                        timedOut.store(true, ordering: .relaxed)
                        channel.close(promise: nil)
                    }
                    result.whenComplete { _ in deadline.cancel() }
                    return result
                }
            }
        do {
            return try await upgradeResult.get()
        } catch where timedOut.load(ordering: .relaxed) {
            throw HandshakeTimeout()
        }
    }

    /// `host:port` for a Host field (IPv6 literals in brackets).
    static func authority(of endpoint: Endpoint) -> String {
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        return "\(host):\(endpoint.port)"
    }

    /// The upstream accepted the connection but did not finish the handshake in time.
    public struct HandshakeTimeout: Error, CustomStringConvertible {
        public var description: String { "WebSocket handshake timed out" }
    }

    /// The client pipeline: an HTTP/1 upgrade request for `uri` that becomes a frame channel on 101.
    private static func pipelineConfiguration(
        uri: String, headers: HTTPHeaders, maxFrameSize: Int
    ) -> NIOUpgradableHTTPClientPipelineConfiguration<Handshake> {
        let upgrader = NIOTypedWebSocketClientUpgrader<Handshake>(
            maxFrameSize: maxFrameSize, enableAutomaticErrorHandling: false,
            upgradePipelineHandler: { channel, response in
                channel.eventLoop.makeCompletedFuture {
                    let frames = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel)
                    return .upgraded(frames, subprotocol: response.headers.first(name: "sec-websocket-protocol"))
                }
            })
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: headers)
        var configuration = NIOUpgradableHTTPClientPipelineConfiguration(
            upgradeConfiguration: .init(upgradeRequestHead: head, upgraders: [upgrader]) { channel in
                channel.close().map { .refused }
            })
        // A frame sent right behind the 101 must not be lost.
        configuration.leftOverBytesStrategy = .forwardBytes
        return configuration
    }

    /// Relays frames both ways until either side closes or fails, then closes both (close codes are forwarded
    /// as frames when they arrive). Frames to the upstream are masked, as a client must.
    public static func relay(
        client: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, upstream: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>
    ) async {
        let clientChannel = client.channel
        let upstreamChannel = upstream.channel
        try? await client.executeThenClose { clientIn, clientOut in
            try await upstream.executeThenClose { upstreamIn, upstreamOut in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await frame in clientIn {
                                try await upstreamOut.write(WebSocketFrame(
                                    fin: frame.fin, opcode: frame.opcode, maskKey: .random(), data: frame.unmaskedData))
                                if frame.opcode == .connectionClose { break }
                            }
                        } catch {}
                    }
                    group.addTask {
                        do {
                            for try await frame in upstreamIn {
                                try await clientOut.write(WebSocketFrame(fin: frame.fin, opcode: frame.opcode, data: frame.unmaskedData))
                                if frame.opcode == .connectionClose { break }
                            }
                        } catch {}
                    }
                    await group.next()
                    // The other direction may be parked in a read: closing both channels ends it.
                    clientChannel.close(promise: nil)
                    upstreamChannel.close(promise: nil)
                    await group.waitForAll()
                }
            }
        }
    }
}
