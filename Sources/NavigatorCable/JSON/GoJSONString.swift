/// Encodes strings exactly as Go's `encoding/json` does with HTML escaping on (what Navigator's `json.Marshal` sends):
/// `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`; U+2028/U+2029 become `\u2028`/`\u2029`; control characters
/// use `\b \f \n \r \t` or `\u00XX` with lowercase hex; invalid UTF-8 becomes `\ufffd`.
enum GoJSONString {
    /// Lowercase hex digits, as Go writes them.
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a quoted JSON string.
    static func append(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Swift strings are always valid UTF-8, so only escaping is needed here.
        for scalar in text.unicodeScalars {
            appendEscaped(scalar, to: &output)
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Appends one scalar of a string's contents, escaped.
    static func appendEscaped(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 {
            appendASCII(UInt8(value), to: &output)
        } else if value == 0x2028 || value == 0x2029 {
            output.append(contentsOf: Array("\\u202".utf8))
            output.append(hex[Int(value & 0xF)])
        } else {
            output.append(contentsOf: UTF8.encode(scalar)!)
        }
    }

    /// Appends one ASCII byte of a string's contents, escaped as Go does.
    static func appendASCII(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
        case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20:
            output.append(contentsOf: Array("\\u00".utf8))
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0xF)])
        default:
            output.append(byte)
        }
    }
}
