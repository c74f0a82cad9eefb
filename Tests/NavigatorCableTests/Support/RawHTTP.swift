import NIOCore
import NIOPosix

/// Sends raw bytes over TCP (optionally from a chosen local address) and returns everything the server sent until
/// it closed or `timeout` passed: for handshake bytes and for peers other than 127.0.0.1.
enum RawHTTP {
    /// Collects inbound bytes.
    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received: [UInt8] = []
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }

    /// Exchanges `request` with `host:port`.
    static func exchange(
        _ request: String, host: String = "127.0.0.1", port: Int, localAddress: String? = nil,
        timeout: Duration = .seconds(3)
    ) async throws -> String {
        let group = MultiThreadedEventLoopGroup.singleton
        let collector = Collector()
        var bootstrap = ClientBootstrap(group: group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
        }
        if let localAddress { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: localAddress, port: 0)) }
        let channel = try await bootstrap.connect(host: host, port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request))
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, channel.isActive {
            try await Task.sleep(for: .milliseconds(10))
        }
        try? await channel.close()
        return try await channel.eventLoop.submit { String(decoding: collector.received, as: UTF8.self) }.get()
    }
}
