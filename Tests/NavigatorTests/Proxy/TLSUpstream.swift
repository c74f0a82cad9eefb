import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A real TLS upstream on 127.0.0.1 port 0 for `https://`/`wss://` reverse-proxy tests: a self-signed certificate
/// made by `openssl` for `localhost` and `127.0.0.1`; plain requests get `secure <uri>`, WebSocket upgrades echo
/// text frames.
struct TLSUpstream {
    /// The PEM certificate (also the trust anchor to hand to `SSL_CERT_FILE`).
    let certificatePath: String
    /// The listening channel.
    let channel: any Channel

    /// The bound port.
    var port: Int { channel.localAddress?.port ?? 0 }

    /// Makes a certificate in `directory` and starts listening.
    static func start(in directory: URL) async throws -> TLSUpstream {
        let certificate = directory.appendingPathComponent("upstream.pem").path
        let key = directory.appendingPathComponent("upstream.key").path
        try runOpenSSL([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                let answer = PlainAnswer()
                let upgrader = NIOWebSocketServerUpgrader(
                    shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                    upgradePipelineHandler: { channel, _ in channel.pipeline.addHandler(FrameEcho()) })
                return channel.pipeline.addHandler(NIOSSLServerHandler(context: context)).flatMap {
                    channel.pipeline.configureHTTPServerPipeline(withServerUpgrade: (
                        upgraders: [upgrader],
                        completionHandler: { context in context.pipeline.removeHandler(answer, promise: nil) }))
                }.flatMap {
                    channel.pipeline.addHandler(answer)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TLSUpstream(certificatePath: certificate, channel: channel)
    }

    /// Runs `openssl` with `arguments`, quietly; throws when it fails.
    private static func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}

/// Answers each plain request with `secure <uri>`.
private final class PlainAnswer: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let body = ByteBuffer(string: "secure \(head.uri)")
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// Echoes text frames; answers a close with a close.
private final class FrameEcho: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: ByteBuffer())))
                .whenComplete { _ in context.close(promise: nil) }
        default:
            break
        }
    }
}
