public import Logging

/// Log attributes in the order they were given, as Go's `slog` prints them (`msg="Broadcast sent" stream=s
/// connections=1`). swift-log's metadata is a dictionary, so the order travels with it under `orderKey`;
/// `NavigatorLogHandler` prints those keys first, in that order, then any others sorted, and never the key itself.
extension Logger.Metadata {
    /// The key that carries the attribute order (not printed by Navigator's handler).
    public static let orderKey = "@order"

    /// Metadata from `pairs`, remembering their order (a repeated key keeps its first place and its last value).
    public static func ordered(_ pairs: KeyValuePairs<String, Logger.MetadataValue>) -> Logger.Metadata {
        var metadata = Logger.Metadata(minimumCapacity: pairs.count + 1)
        var order: [Logger.MetadataValue] = []
        order.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            if metadata.updateValue(value, forKey: key) == nil { order.append(.string(key)) }
        }
        metadata[orderKey] = .array(order)
        return metadata
    }

    /// The keys to print, in print order: the recorded order first, then the rest sorted; `orderKey` left out.
    public var printOrder: [String] {
        guard case .array(let recorded)? = self[Self.orderKey] else { return keys.sorted() }
        var seen = Set<String>()
        var result: [String] = []
        for case .string(let key) in recorded where self[key] != nil && seen.insert(key).inserted { result.append(key) }
        for key in keys.sorted() where key != Self.orderKey && !seen.contains(key) { result.append(key) }
        return result
    }
}
