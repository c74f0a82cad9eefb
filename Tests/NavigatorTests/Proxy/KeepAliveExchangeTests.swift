import Foundation
import NIOCore
import NIOPosix
import NavigatorConfig
import NavigatorTestSupport
import Synchronization
import Testing

@testable import Navigator
import HTTPTypes
import NavigatorCore

/// GET and HEAD to plain-HTTP upstreams over pooled keep-alive connections: reuse, a connection the upstream
/// dropped while it sat in the pool, `Connection: close`, informational heads, and a client leaving mid-body.
/// The upstream is a real socket server on 127.0.0.1 that answers from a script and counts its connections.
@Suite struct KeepAliveExchangeTests {
    /// What the upstream does with one request: answer, or close without answering.
    enum Action: Sendable {
        case reply(String)
        case close
    }

    /// What the upstream saw: connections accepted and request heads, in order.
    final class UpstreamLog: Sendable {
        private let state = Mutex((connections: 0, requests: [String](), perConnection: [Int: Int]()))

        /// Counts a new connection and returns its index.
        func connected() -> Int {
            state.withLock { state in
                defer { state.connections += 1 }
                return state.connections
            }
        }

        /// Records a request head that arrived on connection `index`.
        func received(_ head: String, on index: Int) {
            state.withLock {
                $0.requests.append(head)
                $0.perConnection[index, default: 0] += 1
            }
        }

        /// Requests received on each connection.
        var requestsPerConnection: [Int: Int] { state.withLock { $0.perConnection } }

        /// Records that connection `index` was closed.
        func closed(_ index: Int) {
            closedState.withLock { $0.insert(index) }
        }

        private let closedState = Mutex(Set<Int>())

        /// Connections accepted so far.
        var connectionCount: Int { state.withLock { $0.connections } }
        /// Request heads received so far.
        var requestHeads: [String] { state.withLock { $0.requests } }
        /// Indices of the connections that have been closed.
        var closedConnections: Set<Int> { closedState.withLock { $0 } }
    }

    /// A scripted upstream: `script(connection, request)` (both counted from 0) decides each answer.
    struct ScriptedUpstream {
        let log = UpstreamLog()
        let channel: any Channel

        init(script: @escaping @Sendable (Int, Int) -> Action) async throws {
            let log = self.log
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    let index = log.connected()
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(RequestScript(connection: index, script: script, log: log))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
        }

        /// Connections accepted so far.
        var connectionCount: Int { log.connectionCount }
        /// Request heads received so far.
        var requestHeads: [String] { log.requestHeads }
        /// The listening port.
        var port: Int { channel.localAddress?.port ?? 0 }
    }

    /// Splits the byte stream into request heads (the test requests have no bodies) and acts on each.
    final class RequestScript: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let connection: Int
        let script: @Sendable (Int, Int) -> Action
        let log: UpstreamLog
        // Touched only on the connection's event loop.
        var pending = ""
        var served = 0

        init(connection: Int, script: @escaping @Sendable (Int, Int) -> Action, log: UpstreamLog) {
            self.connection = connection
            self.script = script
            self.log = log
        }

        func channelInactive(context: ChannelHandlerContext) {
            log.closed(connection)
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += String(buffer: unwrapInboundIn(data))
            while let end = pending.range(of: "\r\n\r\n") {
                log.received(String(pending[..<end.lowerBound]), on: connection)
                pending = String(pending[end.upperBound...])
                let action = script(connection, served)
                served += 1
                switch action {
                case .reply(let text):
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
                case .close:
                    context.close(promise: nil)
                }
            }
        }
    }

    /// A 200 with `body`, kept alive.
    static func ok(_ body: String, extraHeaders: String = "") -> String {
        "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)"
    }

    /// A navigator with one `/up` reverse-proxy route to `port`.
    static func navigator(port: Int) throws -> TestApp {
        var configuration = NavigatorConfiguration()
        configuration.routes.reverseProxies = [ReverseProxySpec(
            name: "up", match: .prefix("/up"), target: "http://127.0.0.1:\(port)", connectTimeout: .seconds(5),
            readTimeout: .seconds(5))]
        return try TestApplication.make(configuration: configuration, services: TestApplication.services())
    }

    @Test func sequentialRequestsShareOneConnection() async throws {
        let upstream = try await ScriptedUpstream { _, request in .reply(Self.ok("answer \(request)")) }
        try await Self.navigator(port: upstream.port).test(.live) { client in
            for index in 0..<3 {
                let response = try await client.execute(uri: "/up/x", method: .get)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "answer \(index)")
            }
        }
        #expect(upstream.connectionCount == 1)
        #expect(upstream.requestHeads.count == 3)
        #expect(upstream.requestHeads.first?.hasPrefix("GET /up/x HTTP/1.1") == true)
        try await upstream.channel.close()
    }

    @Test func aPooledConnectionTheUpstreamDroppedIsReplacedOnce() async throws {
        // The first connection answers once, then drops the next request unanswered (a keep-alive timeout racing
        // the reuse); the second connection answers.
        let upstream = try await ScriptedUpstream { connection, request in
            connection == 0 && request == 1 ? .close : .reply(Self.ok("from connection \(connection)"))
        }
        try await Self.navigator(port: upstream.port).test(.live) { client in
            let first = try await client.execute(uri: "/up/a", method: .get)
            #expect(String(buffer: first.body) == "from connection 0")
            let second = try await client.execute(uri: "/up/b", method: .get)
            #expect(second.status == .ok)
            #expect(String(buffer: second.body) == "from connection 1")
        }
        #expect(upstream.connectionCount == 2)
        try await upstream.channel.close()
    }

    @Test func aFreshConnectionClosedBeforeAnsweringIsABadGateway() async throws {
        let upstream = try await ScriptedUpstream { _, _ in .close }
        try await Self.navigator(port: upstream.port).test(.live) { client in
            let response = try await client.execute(uri: "/up/x", method: .get)
            #expect(response.status == .badGateway)
        }
        // Not retried: the connection was new, so the upstream really refused to answer.
        #expect(upstream.connectionCount == 1)
        try await upstream.channel.close()
    }

    @Test func connectionCloseFromTheUpstreamIsHonoured() async throws {
        // The upstream says `Connection: close` but leaves the socket open: only honouring the header gives a
        // second connection.
        let upstream = try await ScriptedUpstream { _, _ in .reply(Self.ok("bye", extraHeaders: "Connection: close\r\n")) }
        try await Self.navigator(port: upstream.port).test(.live) { client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/up/x", method: .get)
                #expect(String(buffer: response.body) == "bye")
            }
        }
        #expect(upstream.log.requestsPerConnection == [0: 1, 1: 1])
        try await upstream.channel.close()
    }

    @Test func informationalHeadsAreSkippedAndHeadRequestsGetNoBody() async throws {
        let upstream = try await ScriptedUpstream { _, request in
            request == 0
                ? .reply("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + Self.ok("final"))
                : .reply("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        }
        try await Self.navigator(port: upstream.port).test(.live) { client in
            let first = try await client.execute(uri: "/up/x", method: .get)
            #expect(first.status == .ok)
            #expect(String(buffer: first.body) == "final")
            let head = try await client.execute(uri: "/up/x", method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.contentLength] == "5")
            #expect(head.body.readableBytes == 0)
        }
        // The HEAD reused the connection: the decoder knew no body follows.
        #expect(upstream.connectionCount == 1)
        try await upstream.channel.close()
    }

    @Test func aClientLeavingMidBodyClosesTheUpstreamConnectionInsteadOfPoolingIt() async throws {
        // 16 MiB, far more than the socket buffers hold: the proxy is still relaying when the client hangs up.
        let big = String(repeating: "x", count: 16 << 20)
        let upstream = try await ScriptedUpstream { connection, request in
            connection == 0 && request == 0 ? .reply(Self.ok(big)) : .reply(Self.ok("next"))
        }
        try await Self.navigator(port: upstream.port).test(.live) { client in
            let port = try #require(client.port)
            let received = try RawHTTPClient.requestThenHangUp(port: port, path: "/up/big", bytesBeforeClosing: 100_000)
            #expect(received >= 100_000)
            // The proxy notices at its next write to the client and must close the upstream connection, whose
            // response is unfinished, rather than keep or pool it — well before the 5 s read timeout could.
            let deadline = ContinuousClock.now + .seconds(3)
            while !upstream.log.closedConnections.contains(0), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(upstream.log.closedConnections.contains(0))
            let next = try await client.execute(uri: "/up/next", method: .get)
            #expect(String(buffer: next.body) == "next")
        }
        #expect(upstream.connectionCount == 2)
        try await upstream.channel.close()
    }
}

/// The pool on its own: idle connections close after the idle timeout; closed ones are never handed out.
@Suite struct UpstreamConnectionPoolTests {
    /// A pool with `idleTimeout`, an upstream, and one connection to it already given back to the pool.
    static func pooledConnection(idleTimeout: TimeAmount) async throws
        -> (pool: UpstreamConnectionPool, key: UpstreamConnectionPool.Key, connection: UpstreamConnection,
            upstream: KeepAliveExchangeTests.ScriptedUpstream)
    {
        let upstream = try await KeepAliveExchangeTests.ScriptedUpstream { _, _ in .reply(KeepAliveExchangeTests.ok("ok")) }
        let pool = UpstreamConnectionPool(idleTimeout: idleTimeout)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let key = UpstreamConnectionPool.Key(loop: ObjectIdentifier(loop), host: "127.0.0.1", port: upstream.port)
        let connection = try await UpstreamConnection.connect(host: "127.0.0.1", port: upstream.port, on: loop, timeout: .seconds(5))
        pool.release(connection, key: key)
        return (pool, key, connection, upstream)
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeoutAndNotHandedOut() async throws {
        let (pool, key, connection, upstream) = try await Self.pooledConnection(idleTimeout: .milliseconds(100))
        #expect(pool.takeIdle(key) === connection)
        pool.release(connection, key: key)
        let deadline = ContinuousClock.now + .seconds(3)
        while !upstream.log.closedConnections.contains(0), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(upstream.log.closedConnections.contains(0))
        #expect(pool.takeIdle(key) == nil)
        try await upstream.channel.close()
    }

    @Test func aConnectionClosedWhileIdleIsDroppedWhenTaken() async throws {
        let (pool, key, connection, upstream) = try await Self.pooledConnection(idleTimeout: .seconds(60))
        try await connection.channel.close()
        #expect(pool.takeIdle(key) == nil)
        try await upstream.channel.close()
    }
}
