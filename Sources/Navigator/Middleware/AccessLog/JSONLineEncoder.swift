/// Builds one compact JSON object with keys in the order they are added, escaping strings exactly as Go's
/// `encoding/json` does, so access-log lines are byte-compatible with Navigator's.
///
/// Go's rules: `"` and `\` are backslash-escaped; `\n`, `\r`, `\t`, `\b`, `\f` use their short forms; other
/// control characters become `\u00XX` (lower-case hex); `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`;
/// U+2028 and U+2029 become `\u2028`, `\u2029`; every other character, non-ASCII included, is written as UTF-8.
///
/// The object is built as UTF-8 bytes: one line is built per request, and appending bytes costs a fraction of
/// appending to a `String`.
struct JSONLineEncoder {
    /// The bytes so far.
    private var bytes: [UInt8] = []
    /// Whether no member has been written yet.
    private var isEmpty = true

    /// An empty object.
    init() {
        bytes.reserveCapacity(512)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Appends `"key":"value"`.
    mutating func add(_ key: String, _ value: String) {
        startMember(key)
        Self.appendQuoted(value, to: &bytes)
    }

    /// Appends `"key":number`.
    mutating func add(_ key: String, _ value: Int) {
        startMember(key)
        Self.appendDecimal(value, to: &bytes)
    }

    /// Appends `"key":"value"` only when `value` is non-nil and non-empty (Go's `omitempty`).
    mutating func addIfPresent(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        add(key, value)
    }

    /// The finished object (no trailing newline).
    var line: String {
        // Written straight into the string's storage: one allocation, no copy of `bytes` to append the brace.
        String(unsafeUninitializedCapacity: bytes.count + 1) { buffer in
            let copied = buffer.initialize(fromContentsOf: bytes)
            buffer[copied] = UInt8(ascii: "}")
            return copied + 1
        }
    }

    /// Writes the separator and the quoted key.
    private mutating func startMember(_ key: String) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `value` as a JSON string literal with Go's escaping.
    static func appendQuoted(_ value: String, to output: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal with Go's escaping, as UTF-8.
    static func appendQuoted(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most values (paths, ids, addresses) need no escape: copy them whole instead of scalar by scalar, from
        // the string's own buffer (a scan through the generic view costs several times as much).
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.allSatisfy(isPlain) else { return false }
            output.append(contentsOf: utf8)
            return true
        }
        if copied ?? false {
            output.append(UInt8(ascii: "\""))
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case "\\": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case "\n": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case "\r": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case "\t": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case "\u{08}": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case "\u{0C}": output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, to: &output)
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, to: &output)
                } else {
                    output.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether `byte` is copied as it is: not a control character, not `"`, `\\`, `<`, `>`, `&`, and not the lead
    /// byte 0xE2 that U+2028/U+2029 start with (any 0xE2 takes the careful path).
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && byte != 0x3E && byte != 0x26 && byte != 0xE2
    }

    /// Appends `value` in decimal, without building a `String` first.
    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        // Sign and 19 digits at most.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var writer = ASCIIWriter(buffer)
            if value < 0 { writer.text("-") }
            writer.decimal(value.magnitude)
            output.append(contentsOf: buffer[..<writer.count])
        }
    }

    /// Lower-case hex digits.
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `\uXXXX` with lower-case hex digits.
    private static func appendUnicodeEscape(_ value: UInt32, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

}
