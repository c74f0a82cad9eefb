import Synchronization

/// Counts acks and deliveries and keeps every delivery latency (nanoseconds), from all event loops.
final class DeliveryRecorder: Sendable {
    private struct State {
        var acks = 0
        var latencies: [UInt64] = []
    }

    private let state = Mutex(State())

    /// Subscriptions acknowledged so far.
    var acks: Int { state.withLock { $0.acks } }
    /// Messages delivered so far.
    var delivered: Int { state.withLock { $0.latencies.count } }
    /// All latencies so far.
    var latencies: [UInt64] { state.withLock { $0.latencies } }

    /// Handles one text frame received at `now` (monotonic nanoseconds).
    func received(_ text: String, now: UInt64) {
        if text.hasPrefix(#"{"type":"subscribed""#) {
            state.withLock { $0.acks += 1 }
        } else if text.hasPrefix(#"{"type":"message""#), let sent = Self.sentTime(in: text) {
            state.withLock { $0.latencies.append(now &- sent) }
        }
    }

    /// The `"t":<ns>` stamp the sender put in the data.
    static func sentTime(in text: String) -> UInt64? {
        guard let range = text.range(of: #""t":"#) else { return nil }
        return UInt64(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// Forgets deliveries (between rounds).
    func resetDeliveries() { state.withLock { $0.latencies.removeAll(keepingCapacity: true) } }
}
