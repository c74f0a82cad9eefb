import FoundationEssentials
import NIOCore
import NIOHTTP1
import NIOPosix

/// Hello mode: SwiftNIO's HTTP/1 codec and one channel handler answering `OK` on the event loop, nothing else.
/// Requests/s against it are the ceiling of any server built on NIO's HTTP/1 codec on this machine;
/// bench/static.py reports navigator's rate as a fraction of it.
func runHello(_ options: BenchOptions) async throws {
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.backlog, value: 4096)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                try channel.pipeline.syncOperations.addHandler(HelloHandler())
            }
        }
    let channel = try await bootstrap.bind(host: options.host, port: options.port).get()
    print(#"{"mode":"hello","port":\#(channel.localAddress?.port ?? 0)}"#)
    fflush(nil)
    try await channel.closeFuture.get()
}

/// Answers every request with `200 OK` and the body `OK`.
private final class HelloHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let body = ByteBuffer(string: "OK")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "2", "Content-Type": "text/plain"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
