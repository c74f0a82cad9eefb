import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import NavigatorConfig
import NavigatorTestSupport
import Testing

@testable import Navigator

/// `connect_timeout` / `read_timeout` on reverse proxies: real upstream sockets on 127.0.0.1 that never answer.
@Suite struct ProxyTimeoutTests {
    /// A listener that accepts connections and never writes a byte.
    static func silentUpstream() async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// A listener that never accepts, with its accept queue already full: the kernel drops further SYNs, so a
    /// connection attempt hangs as it would towards a host that has gone away.
    static func unreachableUpstream() async throws -> (server: any Channel, fillers: [any Channel]) {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 0)
            .serverChannelOption(.autoRead, value: false)
            .bind(host: "127.0.0.1", port: 0).get()
        var fillers: [any Channel] = []
        for _ in 0..<3 {
            let attempt = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(300))
                .connect(to: server.localAddress!)
            if let channel = try? await attempt.get() { fillers.append(channel) }
        }
        return (server, fillers)
    }

    /// The pipeline with one `/slow` route to `port` and the given timeouts.
    static func navigator(port: Int, connect: Duration = .seconds(30), read: Duration?) throws -> some ApplicationProtocol {
        var configuration = NavigatorConfiguration()
        configuration.routes.reverseProxies = [ReverseProxySpec(
            name: "slow", match: .prefix("/slow"), target: "http://127.0.0.1:\(port)",
            connectTimeout: connect, readTimeout: read)]
        return try TestApplication.make(configuration: configuration, services: TestApplication.services())
    }

    @Test func noResponseHeadWithinTheReadTimeoutIsGatewayTimeout() async throws {
        let upstream = try await Self.silentUpstream()
        let app = try Self.navigator(port: try #require(upstream.localAddress?.port), read: .milliseconds(300))
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/slow/x", method: .get)
            #expect(response.status == .gatewayTimeout)
            #expect(String(buffer: response.body) == "Gateway Timeout\n")
        }
        try await upstream.close()
    }

    @Test func anUpstreamThatDoesNotAcceptWithinTheConnectTimeoutIsGatewayTimeout() async throws {
        let (server, fillers) = try await Self.unreachableUpstream()
        let app = try Self.navigator(
            port: try #require(server.localAddress?.port), connect: .milliseconds(300), read: nil)
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/slow/x", method: .get)
            #expect(response.status == .gatewayTimeout)
        }
        for filler in fillers { try? await filler.close() }
        try await server.close()
    }

    @Test func aBodyThatStallsPastTheReadTimeoutEndsTheResponseEarly() async throws {
        // Head and the first 5 of 100 promised bytes, then silence.
        let upstream = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StallingResponder())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let app = try Self.navigator(port: try #require(upstream.localAddress?.port), read: .milliseconds(300))
        try await app.test(.live) { client in
            do {
                let response = try await client.execute(uri: "/slow/x", method: .get)
                #expect(response.body.readableBytes < 100)
            } catch {
                // The connection closing mid-body is the expected way for a client to learn the body is cut short.
            }
        }
        try await upstream.close()
    }
}

/// Answers every request with a head promising 100 bytes, sends 5, and never sends the rest.
private final class StallingResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
    }
}
