import NavigatorCore

/// The few pieces of Go's `encoding/json` output Fly-Replay bodies need, byte for byte: objects with sorted keys
/// (Go sorts map keys), no whitespace, and Go's string escaping (`<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`).
indirect enum GoJSON: Sendable, Equatable {
    case string(String)
    case array([GoJSON])
    case object([String: GoJSON])

    /// The encoded text.
    var encoded: String {
        switch self {
        case .string(let text):
            return Self.quote(text)
        case .array(let items):
            return "[" + items.map(\.encoded).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
                .map { Self.quote($0) + ":" + members[$0]!.encoded }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal escaped as Go escapes it (`GoJSONString`, the server's one escaper).
    static func quote(_ text: String) -> String {
        var output = ""
        GoJSONString.append(text, to: &output)
        return output
    }
}
