/// Decodes a JSON string token (quotes included) to a Swift string as Go's `encoding/json` unquotes it:
/// escapes resolved, lone surrogates and invalid UTF-8 become U+FFFD.
enum JSONStringDecoder {
    /// Decodes `token`; `nil` if it is not a well-formed string token.
    static func decode(_ token: ArraySlice<UInt8>) -> String? {
        guard token.count >= 2, token.first == UInt8(ascii: "\""), token.last == UInt8(ascii: "\"") else { return nil }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(token.count)
        var index = token.startIndex + 1
        let end = token.endIndex - 1
        while index < end {
            let byte = token[index]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { return nil }
            let kind = token[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(token, at: index, end: end) else { return nil }
                index += 4
                var scalar = Unicode.Scalar(unit)
                if (0xD800..<0xDC00).contains(unit), index + 6 <= end, token[index] == UInt8(ascii: "\\"),
                   token[index + 1] == UInt8(ascii: "u"), let low = hex4(token, at: index + 2, end: end),
                   (0xDC00..<0xE000).contains(low) {
                    scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    index += 6
                }
                utf8.append(contentsOf: UTF8.encode(scalar ?? "\u{FFFD}")!)
            default:
                return nil
            }
        }
        // String(decoding:) replaces invalid UTF-8 with U+FFFD, as Go does.
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Four hex digits at `index` as a number.
    private static func hex4(_ token: ArraySlice<UInt8>, at index: Int, end: Int) -> UInt32? {
        guard index + 4 <= end else { return nil }
        var value: UInt32 = 0
        for byte in token[index..<index + 4] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
