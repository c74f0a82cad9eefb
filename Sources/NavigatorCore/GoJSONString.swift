/// Encodes strings exactly as Go's `encoding/json` does with HTML escaping on (what Navigator's `json.Marshal` and
/// its access log write): `"` and `\` are backslash-escaped; `\b \f \n \r \t` use their short forms; other control
/// characters become `\u00XX` (lower-case hex); `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`; U+2028/U+2029
/// become `\u2028`/`\u2029`; everything else is written as UTF-8. The one JSON string escaper of the server: the
/// access log, the cable frames and the Fly-Replay bodies all use it.
public enum GoJSONString {
    /// Lowercase hex digits, as Go writes them.
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a quoted JSON string.
    public static func append(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most values (paths, ids, addresses, stream names) need no escape: copied whole from the string's own
        // buffer, not scalar by scalar (a scan through the generic view costs several times as much).
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.allSatisfy(isPlain) else { return false }
            output.append(contentsOf: utf8)
            return true
        }
        if copied != true {
            for scalar in text.unicodeScalars { appendEscaped(scalar, to: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Appends `text` as a quoted JSON string to a `String`.
    public static func append(_ text: String, to output: inout String) {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one scalar of a string's contents, escaped.
    public static func appendEscaped(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
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
    public static func appendASCII(_ byte: UInt8, to output: inout [UInt8]) {
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

    /// Whether `byte` is copied as it is: not a control character, not `"`, `\\`, `<`, `>`, `&`, and not the lead
    /// byte 0xE2 that U+2028/U+2029 start with (any 0xE2 takes the careful path).
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && byte != 0x3E && byte != 0x26 && byte != 0xE2
    }
}
