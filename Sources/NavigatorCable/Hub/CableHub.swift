public import Logging
import Metrics
import NIOCore
import NIOWebSocket
import Synchronization

/// The process-wide pub/sub hub (spec Part B §4): created once, outside the reloadable pipeline, so sockets and
/// subscriptions survive reloads. Each pipeline generation's cable and broadcast stages only hold a reference.
///
/// A broadcast encodes its frame once, WebSocket header included, and shares the bytes; it books each subscriber's
/// queue synchronously (accept or drop, never wait) and then hands the writes to each event loop in one batch. One shared ticker task
/// sends pings and enforces the pong and write deadlines for every socket.
public final class CableHub: Sendable {
    /// Who is connected and who listens to what.
    struct Registry: Sendable {
        var connections: [ObjectIdentifier: CableConnection] = [:]
        var subscriptions: [ObjectIdentifier: Set<String>] = [:]
        var streams: [String: [ObjectIdentifier: CableConnection]] = [:]
        var shuttingDown = false
        var tickerRunning = false
        var tick = TimeAmount.seconds(1)
    }

    private let registry = Mutex(Registry())
    private let droppedTotal = Atomic<Int>(0)
    // swift-metrics handles (no-ops unless the metrics listener bootstrapped Prometheus): atomics, no lock.
    private let broadcasts = Counter(label: "navigator_cable_broadcasts_total")
    private let deliveries = Counter(label: "navigator_cable_deliveries_total")
    private let drops = Counter(label: "navigator_cable_dropped_messages_total")
    /// Navigator's own log ("Dropped message", connection debug lines).
    public let logger: Logger

    /// Creates an empty hub.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Open sockets.
    public var connectionCount: Int { registry.withLock { $0.connections.count } }

    /// Broadcasts dropped for slow sockets since start.
    public var droppedMessages: Int { droppedTotal.load(ordering: .relaxed) }

    /// Open sockets, distinct streams with at least one subscriber, and subscriptions (socket × stream), counted
    /// in one pass under the lock (for the metrics scrape, not the hot path).
    public var counts: (connections: Int, streams: Int, subscriptions: Int) {
        registry.withLock { registry in
            (registry.connections.count, registry.streams.count, registry.subscriptions.values.reduce(0) { $0 + $1.count })
        }
    }

    /// The `limit` streams with the most subscribers, most first (the status page).
    public func busiestStreams(limit: Int) -> [(stream: String, subscribers: Int)] {
        let all = registry.withLock { $0.streams.map { (stream: $0.key, subscribers: $0.value.count) } }
        return Array(all.sorted { $0.subscribers != $1.subscribers ? $0.subscribers > $1.subscribers : $0.stream < $1.stream }.prefix(limit))
    }

    /// Subscribers of `stream`.
    public func subscriberCount(_ stream: String) -> Int { registry.withLock { $0.streams[stream]?.count ?? 0 } }

    /// Adds a socket; `false` (and the socket is closed with 1001) once shutdown has begun.
    @discardableResult
    public func register(_ connection: CableConnection) -> Bool {
        let (accepted, total, startTicker) = registry.withLock { registry -> (Bool, Int, Bool) in
            guard !registry.shuttingDown else { return (false, registry.connections.count, false) }
            registry.connections[ObjectIdentifier(connection)] = connection
            // The ticker must be fine enough for the shortest timer any socket uses (tests use short ones).
            let wanted: TimeAmount = max(TimeAmount.milliseconds(10), min(TimeAmount.seconds(1), TimeAmount.nanoseconds(connection.limits.shortestTimer.nanoseconds / 10)))
            registry.tick = min(registry.tick, wanted)
            let start = !registry.tickerRunning
            registry.tickerRunning = true
            return (true, registry.connections.count, start)
        }
        guard accepted else {
            connection.close(code: .goingAway)
            return false
        }
        logger.debug("WebSocket connected", metadata: ["total": "\(total)"])
        if startTicker { startTickerTask() }
        return true
    }

    /// Removes a socket and all its subscriptions; safe to call more than once.
    public func unregister(_ connection: CableConnection) {
        let id = ObjectIdentifier(connection)
        let (removed, streams, total) = registry.withLock { registry -> (Bool, Set<String>, Int) in
            guard registry.connections.removeValue(forKey: id) != nil else { return (false, [], registry.connections.count) }
            let streams = registry.subscriptions.removeValue(forKey: id) ?? []
            for stream in streams {
                registry.streams[stream]?.removeValue(forKey: id)
                if registry.streams[stream]?.isEmpty == true { registry.streams.removeValue(forKey: stream) }
            }
            return (true, streams, registry.connections.count)
        }
        guard removed else { return }
        // Navigator logs each subscription a closing socket drops, then the disconnect.
        if logger.logLevel <= .debug {
            for stream in streams { logger.debug("Unsubscribed", metadata: ["stream": .string(stream)]) }
        }
        logger.debug("WebSocket disconnected", metadata: ["total": "\(total)"])
    }

    /// Subscribes (set semantics) and acknowledges — every time, duplicates included (the client's reconnect logic
    /// depends on the ack). The ack never blocks (D17).
    public func subscribe(_ connection: CableConnection, to stream: String) {
        let id = ObjectIdentifier(connection)
        let known = registry.withLock { registry -> Bool in
            guard registry.connections[id] != nil else { return false }
            registry.subscriptions[id, default: []].insert(stream)
            registry.streams[stream, default: [:]][id] = connection
            return true
        }
        guard known else { return }
        logger.debug("Subscribed", metadata: ["stream": .string(stream)])
        connection.sendControl(CableFrames.subscribed(stream: stream))
    }

    /// Unsubscribes; no reply.
    public func unsubscribe(_ connection: CableConnection, from stream: String) {
        let id = ObjectIdentifier(connection)
        registry.withLock { registry in
            registry.subscriptions[id]?.remove(stream)
            registry.streams[stream]?.removeValue(forKey: id)
            if registry.streams[stream]?.isEmpty == true { registry.streams.removeValue(forKey: stream) }
        }
        logger.debug("Unsubscribed", metadata: ["stream": .string(stream)])
    }

    /// Delivers a message to every subscriber of `stream` without waiting for any of them; returns how many
    /// sockets accepted it (Navigator's `connections=`). Sockets with a full queue lose it (counted, logged).
    @discardableResult
    public func broadcast(stream: String, data: [UInt8]?) -> Int {
        let subscribers = registry.withLock { registry in registry.streams[stream].map { Array($0.values) } ?? [] }
        guard !subscribers.isEmpty else { return 0 }
        let frame = EncodedFrame(text: CableFrames.message(stream: stream, data: data))
        var batches: [ObjectIdentifier: (loop: any EventLoop, connections: [CableConnection])] = [:]
        var accepted = 0
        var dropped = 0
        for connection in subscribers {
            switch connection.admit(bytes: frame.payload.readableBytes, kind: .broadcast) {
            case .accept:
                accepted += 1
                let loop = connection.channel.eventLoop
                batches[ObjectIdentifier(loop), default: (loop, [])].connections.append(connection)
            case .drop, .overflow:
                if !connection.isClosed { dropped += 1 }
            }
        }
        // One hop per event loop, not per socket.
        for (_, batch) in batches {
            let connections = batch.connections
            batch.loop.execute {
                for connection in connections { connection.writeAdmitted(frame) }
            }
        }
        broadcasts.increment()
        if accepted > 0 { deliveries.increment(by: accepted) }
        if dropped > 0 {
            drops.increment(by: dropped)
            droppedTotal.add(dropped, ordering: .relaxed)
            for _ in 0..<dropped { logger.warning("Dropped message", metadata: ["stream": .string(stream)]) }
        }
        return accepted
    }

    /// Closes every socket with 1001 (D27), refuses new ones, and waits (bounded) for them to go.
    public func shutdown(timeout: Duration = .seconds(5)) async {
        let connections = registry.withLock { registry in
            registry.shuttingDown = true
            return Array(registry.connections.values)
        }
        for connection in connections { connection.close(code: .goingAway) }
        // Let the close frames reach the wire before the process moves on to exit.
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, connections.contains(where: { $0.channel.isActive }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Runs the ticker until shutdown: one task for all sockets.
    private func startTickerTask() {
        Task.detached { [self] in
            while true {
                let (stop, tick, connections) = registry.withLock { registry in
                    if registry.shuttingDown || registry.connections.isEmpty { registry.tickerRunning = false }
                    return (!registry.tickerRunning, registry.tick, Array(registry.connections.values))
                }
                if stop { return }
                let now = NIODeadline.now()
                for connection in connections { connection.tick(now: now) }
                try? await Task.sleep(for: .nanoseconds(tick.nanoseconds))
            }
        }
    }
}
