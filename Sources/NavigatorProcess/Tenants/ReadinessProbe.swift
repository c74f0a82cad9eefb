import NIOCore
import NIOPosix

/// Polls an app until it answers HTTP (F2: any status counts as ready).
public enum ReadinessProbe {
    /// One attempt: connects to `127.0.0.1:port` (then `::1`), sends `GET path`, and reports whether bytes starting
    /// with `HTTP/` came back within `timeout`.
    public static func check(port: Int, path: String, timeout: Duration = .milliseconds(500)) async -> Bool {
        for host in ["127.0.0.1", "::1"] {
            if await attempt(host: host, port: port, path: path, timeout: timeout) { return true }
        }
        return false
    }

    /// Polls every `interval` until `check` succeeds, `giveUp` says stop, or `limit` passes; returns whether ready.
    public static func waitUntilReady(
        port: Int, path: String, interval: Duration = .milliseconds(50), limit: Duration,
        giveUp: @Sendable () async -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if Task.isCancelled { return false }
            if await giveUp() { return false }
            if await check(port: port, path: path) { return true }
            try? await Task.sleep(for: interval)
        }
        return false
    }

    private static func attempt(host: String, port: Int, path: String, timeout: Duration) async -> Bool {
        let request = "GET \(path.isEmpty ? "/" : path) HTTP/1.1\r\nHost: localhost:\(port)\r\n"
            + "User-Agent: Navigator\r\nConnection: close\r\n\r\n"
        let limit = TimeAmount(timeout)
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(limit)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            // Closing the channel ends the read loop below, so a silent app cannot hold the probe past its limit.
            let underlying = channel.channel
            let timer = underlying.eventLoop.scheduleTask(in: limit) { underlying.close(promise: nil) }
            defer { timer.cancel() }
            return try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: request))
                var received = ByteBuffer()
                for try await var chunk in inbound {
                    received.writeBuffer(&chunk)
                    if received.readableBytes >= 5 { break }
                }
                return received.getString(at: received.readerIndex, length: min(5, received.readableBytes)) == "HTTP/"
            }
        } catch {
            return false
        }
    }
}
