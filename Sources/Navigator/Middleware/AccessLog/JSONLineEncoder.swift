/// Builds one compact JSON object with keys in the order they are added, escaping strings exactly as Go's
/// `encoding/json` does, so access-log lines are byte-compatible with Navigator's.
///
/// Go's rules: `"` and `\` are backslash-escaped; `\n`, `\r`, `\t`, `\b`, `\f` use their short forms; other
/// control characters become `\u00XX` (lower-case hex); `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`;
/// U+2028 and U+2029 become `\u2028`, `\u2029`; every other character, non-ASCII included, is written as UTF-8.
struct JSONLineEncoder {
    /// The text so far.
    private var text = "{"
    /// Whether no member has been written yet.
    private var isEmpty = true

    /// An empty object.
    init() {
        text.reserveCapacity(384)
    }

    /// Appends `"key":"value"`.
    mutating func add(_ key: String, _ value: String) {
        startMember(key)
        Self.appendQuoted(value, to: &text)
    }

    /// Appends `"key":number`.
    mutating func add(_ key: String, _ value: Int) {
        startMember(key)
        text += String(value)
    }

    /// Appends `"key":"value"` only when `value` is non-nil and non-empty (Go's `omitempty`).
    mutating func addIfPresent(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        add(key, value)
    }

    /// The finished object (no trailing newline).
    var line: String { text + "}" }

    /// Writes the separator and the quoted key.
    private mutating func startMember(_ key: String) {
        if !isEmpty { text += "," }
        isEmpty = false
        Self.appendQuoted(key, to: &text)
        text += ":"
    }

    /// Appends `value` as a JSON string literal with Go's escaping.
    static func appendQuoted(_ value: String, to output: inout String) {
        output += "\""
        // Most values (paths, ids, addresses) need no escape: copy them whole instead of scalar by scalar.
        if value.utf8.allSatisfy(isPlain) {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, to: &output)
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, to: &output)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// Whether `byte` is copied as it is: not a control character, not `"`, `\\`, `<`, `>`, `&`, and not the lead
    /// byte 0xE2 that U+2028/U+2029 start with (any 0xE2 takes the careful path).
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && byte != 0x3E && byte != 0x26 && byte != 0xE2
    }

    /// Appends `\uXXXX` with lower-case hex digits.
    private static func appendUnicodeEscape(_ value: UInt32, to output: inout String) {
        let digits = Array("0123456789abcdef")
        output += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
