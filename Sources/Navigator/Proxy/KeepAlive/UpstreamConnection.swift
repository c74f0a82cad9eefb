import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One keep-alive HTTP/1.1 connection to an upstream, on plain NIO: request parts out, response parts in.
///
/// Used by one exchange at a time: the pool hands it to a single task, which gives it back or closes it, so the
/// inbound iterator is never shared (hence `@unchecked Sendable`).
final class UpstreamConnection: @unchecked Sendable {
    /// The socket.
    let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    /// Set when a read timer closed the connection, so the resulting end of input is reported as a timeout.
    private let timedOut = Atomic<Bool>(false)
    /// When the connection last went back to the pool, for the idle timeout.
    let releasedAt = Atomic<Int64>(0)
    /// Whether an idle-timeout check is scheduled.
    let idleCheckScheduled = Atomic<Bool>(false)

    private init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>,
        outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    ) {
        self.channel = channel
        self.outbound = outbound
        self.inbound = inbound.makeAsyncIterator()
    }

    /// Opens a connection to `host:port` on `loop`; fails with `ChannelError.connectTimeout` after `timeout`.
    static func connect(host: String, port: Int, on loop: any EventLoop, timeout: Duration) async throws -> UpstreamConnection {
        let wrapped = try await ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        // The channel's scope stays open in a task of its own until the socket closes; exchanges then use its
        // streams directly, with no hand-off through that task.
        return try await withCheckedThrowingContinuation { continuation in
            let handedOut = ClaimOnce()
            Task {
                do {
                    try await wrapped.executeThenClose { inbound, outbound in
                        if handedOut.claim() {
                            continuation.resume(
                                returning: UpstreamConnection(channel: wrapped.channel, inbound: inbound, outbound: outbound))
                        }
                        try await wrapped.channel.closeFuture.get()
                    }
                } catch {
                    if handedOut.claim() { continuation.resume(throwing: error) }
                    return
                }
                if handedOut.claim() { continuation.resume(throwing: ChannelError.ioOnClosedChannel) }
            }
        }
    }

    /// Sends a request without a body.
    func send(_ head: HTTPRequestHead) async throws {
        try await outbound.write(contentsOf: [.head(head), .end(nil)])
    }

    /// The next response part, `nil` once the upstream closed; waits at most `timeout` (then the connection is
    /// closed and `HTTPClientError.readTimeout` thrown, which the proxy answers with 504).
    func next(timeout: Duration?) async throws -> HTTPClientResponsePart? {
        guard let timeout else { return try await inbound.next() }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
            timedOut.store(true, ordering: .relaxed)
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            let part = try await inbound.next()
            if part == nil, timedOut.load(ordering: .relaxed) { throw HTTPClientError.readTimeout }
            return part
        } catch {
            throw timedOut.load(ordering: .relaxed) ? HTTPClientError.readTimeout : error
        }
    }

    /// Whether the socket is still open.
    var isOpen: Bool { channel.isActive }

    /// Closes the socket.
    func close() {
        channel.close(promise: nil)
    }
}

/// True for the first caller only.
private final class ClaimOnce: Sendable {
    private let claimed = Atomic(false)

    /// Whether this call is the first.
    func claim() -> Bool {
        !claimed.exchange(true, ordering: .relaxed)
    }
}
