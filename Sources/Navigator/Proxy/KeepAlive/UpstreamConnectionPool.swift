import NIOCore
import NIOPosix
import Synchronization

/// Idle keep-alive connections to upstreams, per event loop and `host:port`: an exchange takes one on the loop it
/// runs on (so the upstream socket and the client's share a thread) or opens a new one, and gives it back when the
/// response has ended cleanly. Connections idle for `idleTimeout` are closed, as are those past `maxIdlePerKey`.
final class UpstreamConnectionPool: Sendable {
    /// Where idle connections wait.
    struct Key: Hashable, Sendable {
        var loop: ObjectIdentifier
        var host: String
        var port: Int
    }

    /// The pool every proxy shares; idle connections close after 60 s, as AsyncHTTPClient's pool did here.
    static let shared = UpstreamConnectionPool(idleTimeout: .seconds(60))

    /// Idle connections kept per key.
    static let maxIdlePerKey = 256

    /// How long a connection may wait unused.
    let idleTimeout: TimeAmount
    private let idle = Mutex<[Key: IdleList]>([:])

    /// The idle connections of one key. A class, so taking and giving back mutate it in place: going through the
    /// dictionary's modify accessor instead cost three allocations per proxied request.
    private final class IdleList {
        var connections: [UpstreamConnection] = []
    }

    /// An empty pool.
    init(idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
    }

    /// An open idle connection for `key`, newest first (closed ones are dropped on the way), or `nil`.
    func takeIdle(_ key: Key) -> UpstreamConnection? {
        while let candidate = idle.withLock({ $0[key]?.connections.popLast() }) {
            if candidate.isOpen { return candidate }
            candidate.close()
        }
        return nil
    }

    /// Gives `connection` back for reuse, or closes it when it is closed already or the key has enough.
    func release(_ connection: UpstreamConnection, key: Key) {
        guard connection.isOpen else { return connection.close() }
        let kept = idle.withLock { idle -> Bool in
            let list: IdleList
            if let existing = idle[key] {
                list = existing
            } else {
                list = IdleList()
                idle[key] = list
            }
            guard list.connections.count < Self.maxIdlePerKey else { return false }
            list.connections.append(connection)
            return true
        }
        guard kept else { return connection.close() }
        connection.releasedAt.store(NIODeadline.now().uptimeNanoseconds.int64, ordering: .relaxed)
        if !connection.idleCheckScheduled.exchange(true, ordering: .relaxed) {
            scheduleIdleCheck(connection, key: key, in: idleTimeout)
        }
    }

    /// Closes `connection` once it has sat in the pool for `idleTimeout`; re-arms while it keeps being reused.
    private func scheduleIdleCheck(_ connection: UpstreamConnection, key: Key, in delay: TimeAmount) {
        connection.channel.eventLoop.scheduleTask(in: delay) { [self] in
            let idleFor = NIODeadline.now().uptimeNanoseconds.int64 - connection.releasedAt.load(ordering: .relaxed)
            let remaining = idleTimeout.nanoseconds - idleFor
            let removed = idle.withLock { idle -> Bool in
                guard remaining <= 0, let list = idle[key],
                    let index = list.connections.firstIndex(where: { $0 === connection })
                else { return false }
                list.connections.remove(at: index)
                return true
            }
            if removed || !connection.isOpen {
                connection.close()
                connection.idleCheckScheduled.store(false, ordering: .relaxed)
            } else {
                scheduleIdleCheck(connection, key: key, in: .nanoseconds(max(remaining, idleTimeout.nanoseconds / 10)))
            }
        }
    }
}

private extension UInt64 {
    /// The value as a signed count (uptime nanoseconds fit).
    var int64: Int64 { Int64(truncatingIfNeeded: self) }
}
