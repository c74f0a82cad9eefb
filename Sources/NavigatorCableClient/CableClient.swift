public import NIOCore
import NIOHTTP1
public import NIOPosix
import NIOWebSocket

/// A small WebSocket client on raw NIO for tests and the load tool: no task per connection, events delivered by a
/// callback on the event loop, byte-level control over what is sent.
public final class CableClient: Sendable {
    /// Why a connection did not become a WebSocket.
    public enum ConnectError: Error {
        /// The server answered the upgrade request with something other than 101.
        case notUpgraded
    }

    /// The upgraded channel.
    public let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to `host:port`, upgrades on `path` and reports frames to `onEvent`.
    /// `localAddress` binds the client side first (e.g. `127.0.0.2` to test a non-accepted loopback peer).
    public static func connect(
        host: String, port: Int, path: String = "/cable", headers: [(String, String)] = [],
        localAddress: String? = nil, autoPong: Bool = true, maxFrameSize: Int = 1 << 24,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onEvent: @escaping @Sendable (ClientEvent) -> Void
    ) async throws -> CableClient {
        var bootstrap = ClientBootstrap(group: group)
        if let localAddress { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: localAddress, port: 0)) }
        let (channel, upgraded): (any Channel, EventLoopFuture<Bool>) = try await bootstrap.connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(maxFrameSize: maxFrameSize) { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ClientFrameHandler(autoPong: autoPong, onEvent: onEvent))
                        return true
                    }
                }
                var requestHeaders = HTTPHeaders([("Host", "\(host):\(port)")])
                for (name, value) in headers { requestHeaders.add(name: name, value: value) }
                let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: requestHeaders)
                let configuration = NIOTypedHTTPClientUpgradeConfiguration<Bool>(
                    upgradeRequestHead: head, upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(false) }
                )
                let result = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                    configuration: .init(upgradeConfiguration: configuration)
                )
                return (channel, result)
            }
        }
        guard try await upgraded.get() else {
            try? await channel.close()
            throw ConnectError.notUpgraded
        }
        return CableClient(channel: channel)
    }

    /// Sends a text message.
    public func send(text: String) {
        send(opcode: .text, bytes: Array(text.utf8))
    }

    /// Sends one frame (masked, as a client must).
    public func send(opcode: WebSocketOpcode, bytes: [UInt8], fin: Bool = true) {
        let frame = WebSocketFrame(fin: fin, opcode: opcode, maskKey: .random(), data: ByteBuffer(bytes: bytes))
        channel.writeAndFlush(frame, promise: nil)
    }

    /// Sends a close frame with `code` (none when `nil`).
    public func sendClose(code: UInt16?) {
        send(opcode: .connectionClose, bytes: code.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } ?? [])
    }

    /// Drops the TCP connection without a close frame.
    public func disconnect() {
        channel.close(promise: nil)
    }
}
