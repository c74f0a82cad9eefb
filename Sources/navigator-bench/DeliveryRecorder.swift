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
        if text.utf8.starts(with: #"{"type":"subscribed""#.utf8) {
            state.withLock { $0.acks += 1 }
        } else if text.utf8.starts(with: #"{"type":"message""#.utf8), let sent = Self.sentTime(in: text) {
            state.withLock { $0.latencies.append(now &- sent) }
        }
    }

    /// The `"t":<ns>` stamp the sender put in the data.
    static func sentTime(in text: String) -> UInt64? {
        // A byte scan: the tool must spend its time reading sockets, not searching strings, or it measures itself.
        let utf8 = Array(text.utf8)
        let marker = Array(#""t":"#.utf8)
        guard utf8.count > marker.count else { return nil }
        for start in 0...(utf8.count - marker.count) where utf8[start..<start + marker.count].elementsEqual(marker) {
            var value: UInt64 = 0
            var index = start + marker.count
            while index < utf8.count, utf8[index] >= UInt8(ascii: "0"), utf8[index] <= UInt8(ascii: "9") {
                value = value &* 10 &+ UInt64(utf8[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > start + marker.count ? value : nil
        }
        return nil
    }

    /// Forgets deliveries (between rounds).
    func resetDeliveries() { state.withLock { $0.latencies.removeAll(keepingCapacity: true) } }
}
