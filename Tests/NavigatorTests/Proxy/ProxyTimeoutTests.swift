import Foundation
import NIOCore
import NIOPosix
import NavigatorConfig
import NavigatorTestSupport
import Testing

@testable import Navigator
import HTTPTypes
import NavigatorCore

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
    static func navigator(port: Int, connect: Duration = .seconds(30), read: Duration?) throws -> TestApp {
        var configuration = NavigatorConfiguration()
        configuration.routes.reverseProxies = [ReverseProxySpec(
            name: "slow", match: .prefix("/slow"), target: "http://127.0.0.1:\(port)",
            connectTimeout: connect, readTimeout: read)]
        return try TestApplication.make(configuration: configuration, services: TestApplication.services())
    }

    /// Expects `/slow/x` through a navigator with a 300 ms read timeout towards `upstream` to be a 504.
    static func expectGatewayTimeoutWithin300ms(from upstream: any Channel) async throws {
        let app = try Self.navigator(port: try #require(upstream.localAddress?.port), read: .milliseconds(300))
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/slow/x", method: .get)
            #expect(response.status == .gatewayTimeout)
            #expect(String(buffer: response.body) == "Gateway Timeout\n")
        }
        try await upstream.close()
    }

    @Test func noResponseHeadWithinTheReadTimeoutIsGatewayTimeout() async throws {
        try await Self.expectGatewayTimeoutWithin300ms(from: try await Self.silentUpstream())
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

    /// An upstream that answers a head promising `promised` bytes, sends 5 of them and then nothing.
    static func stallingUpstream(promised: Int) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StallingResponder(promised: promised))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    @Test func aLargeBodyThatStallsPastTheReadTimeoutEndsTheResponseEarly() async throws {
        // Larger than the proxy buffers, so the head has gone out before the stall.
        let promised = HTTPProxy.bufferedBodyLimit + 1
        let upstream = try await Self.stallingUpstream(promised: promised)
        let app = try Self.navigator(port: try #require(upstream.localAddress?.port), read: .milliseconds(300))
        try await app.test(.live) { client in
            do {
                let response = try await client.execute(uri: "/slow/x", method: .get)
                #expect(response.status == .ok)
                #expect(response.body.readableBytes < promised)
            } catch {
                // The connection closing mid-body is the expected way for a client to learn the body is cut short.
            }
        }
        try await upstream.close()
    }

    @Test func aSmallBodyThatStallsPastTheReadTimeoutIsGatewayTimeout() async throws {
        // Small bodies are read whole before answering, so nothing has been sent when the stall is noticed.
        try await Self.expectGatewayTimeoutWithin300ms(from: try await Self.stallingUpstream(promised: 100))
    }
}

/// Answers every request with a head promising `promised` bytes, sends 5, and never sends the rest.
private final class StallingResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let promised: Int

    init(promised: Int) {
        self.promised = promised
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: \(promised)\r\n\r\nhello"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
    }
}
