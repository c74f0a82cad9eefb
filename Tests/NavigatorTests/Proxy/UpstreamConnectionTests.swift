import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@testable import Navigator

/// One upstream connection on its own, against real sockets on 127.0.0.1: a fast upstream cannot fill memory while
/// nobody reads, and a cancelled wait gives up the connection.
@Suite struct UpstreamConnectionTests {
    static func head() -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: ["Host": "127.0.0.1"])
    }

    @Test func aLargeBodyWaitsInTheSocketUntilItIsReadThenArrivesWhole() async throws {
        let size = 4_000_000
        let upstream = try await KeepAliveExchangeTests.ScriptedUpstream { _, _ in
            .reply(KeepAliveExchangeTests.ok(String(repeating: "x", count: size)))
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let connection = try await UpstreamConnection.connect(host: "127.0.0.1", port: upstream.port, on: loop, timeout: .seconds(5))
        try await connection.send(Self.head())
        guard case .head(let head) = try await connection.next(timeout: .seconds(5)) else {
            Issue.record("no response head")
            return
        }
        #expect(head.status == .ok)
        // Nobody reads for a while: reads stop once `highWater` parts wait, the rest stays with the kernel. One
        // readable event may still deliver NIO's `maxMessagesPerRead` (4) reads of at most 64 KiB; without the hold
        // all ≈ 60 parts would be here.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await connection.waitingParts() <= UpstreamResponseReader.highWater + 4)
        var received = 0
        while case .body(let chunk) = try await connection.next(timeout: .seconds(5)) {
            received += chunk.readableBytes
        }
        #expect(received == size)
        connection.close()
        try await upstream.channel.close()
    }

    @Test func aCancelledWaitThrowsCancellationAndClosesTheConnection() async throws {
        // Accepts and reads, never answers.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(silent.localAddress?.port)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let connection = try await UpstreamConnection.connect(host: "127.0.0.1", port: port, on: loop, timeout: .seconds(5))
        try await connection.send(Self.head())
        let waiting = Task { try await connection.next(timeout: nil) }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        try await connection.channel.closeFuture.get()
        #expect(!connection.isOpen)
        try await silent.close()
    }
}
