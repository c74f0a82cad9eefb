public import NIOCore
public import NIOHTTP1
public import NIOWebSocket
import NIOPosix

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

    /// Connects to `host:port` and performs the handshake for `uri` with `headers`.
    public static func connect(
        host: String, port: Int, uri: String, headers: HTTPHeaders, maxFrameSize: Int = 1 << 20
    ) async throws -> Handshake {
        let upgradeResult: EventLoopFuture<Handshake> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
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
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: configuration)
                }
            }
        return try await upgradeResult.get()
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
