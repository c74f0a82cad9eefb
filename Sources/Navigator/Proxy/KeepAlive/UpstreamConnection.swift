import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One keep-alive HTTP/1.1 connection to an upstream, on plain NIO: request parts out, response parts in.
///
/// Used by one exchange at a time: the pool hands it to a single task, which gives it back or closes it. Its
/// channel runs on the loop the exchange runs on, so reading a part that has already arrived does not suspend.
final class UpstreamConnection: Sendable {
    /// The socket.
    let channel: any Channel
    private let reader: UpstreamResponseReader
    /// Set when a read timer closed the connection, so the resulting end of input is reported as a timeout.
    private let timedOut = Atomic<Bool>(false)
    /// When the connection last went back to the pool, for the idle timeout.
    let releasedAt = Atomic<Int64>(0)
    /// Whether an idle-timeout check is scheduled.
    let idleCheckScheduled = Atomic<Bool>(false)

    private init(channel: any Channel, reader: UpstreamResponseReader) {
        self.channel = channel
        self.reader = reader
    }

    /// Opens a connection to `host:port` on `loop`; fails with `ChannelError.connectTimeout` after `timeout`.
    static func connect(host: String, port: Int, on loop: any EventLoop, timeout: Duration) async throws -> UpstreamConnection {
        let reader = UpstreamResponseReader()
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(reader)
                }
            }
            .connect(host: host, port: port).get()
        return UpstreamConnection(channel: channel, reader: reader)
    }

    /// Sends a request without a body.
    func send(_ head: HTTPRequestHead) async throws {
        let written: EventLoopFuture<Void> = try await channel.eventLoop.run {
            guard self.channel.isActive else { throw ChannelError.ioOnClosedChannel }
            self.channel.write(HTTPClientRequestPart.head(head), promise: nil)
            return self.channel.writeAndFlush(HTTPClientRequestPart.end(nil))
        }
        try await written.get()
    }

    /// The next response part, `nil` once the upstream closed; waits at most `timeout` (then the connection is
    /// closed and `HTTPClientError.readTimeout` thrown, which the proxy answers with 504).
    func next(timeout: Duration?) async throws -> HTTPClientResponsePart? {
        if channel.eventLoop.inEventLoop, let ready = try reader.ready() { return ready }
        guard let timeout else { return try await waitForPart() }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
            timedOut.store(true, ordering: .relaxed)
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            let part = try await waitForPart()
            if part == nil, timedOut.load(ordering: .relaxed) { throw HTTPClientError.readTimeout }
            return part
        } catch {
            throw timedOut.load(ordering: .relaxed) ? HTTPClientError.readTimeout : error
        }
    }

    /// Suspends until the reader has the next part. A cancelled task (the server giving up on the request at the
    /// end of the shutdown grace period) stops waiting: the connection is closed and `CancellationError` thrown.
    private func waitForPart() async throws -> HTTPClientResponsePart? {
        do {
            let part = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    if channel.eventLoop.inEventLoop {
                        reader.await(continuation)
                    } else {
                        channel.eventLoop.execute { [reader] in reader.await(continuation) }
                    }
                }
            } onCancel: {
                channel.close(promise: nil)
            }
            try Task.checkCancellation()
            return part
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// Response parts that arrived and wait to be read (for tests).
    func waitingParts() async throws -> Int {
        try await channel.eventLoop.run { self.reader.waitingParts }
    }

    /// Whether the socket is still open.
    var isOpen: Bool { channel.isActive }

    /// Closes the socket.
    func close() {
        channel.close(promise: nil)
    }
}
