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

    /// A JSON string literal escaped as Go escapes it.
    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + hex4(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// Four lower-case hex digits.
    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
