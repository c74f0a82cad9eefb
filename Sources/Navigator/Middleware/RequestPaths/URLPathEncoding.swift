/// Converts between the path as it travels in the request target (percent-encoded) and the path Go's
/// `r.URL.Path` holds (decoded), which is what Navigator matches rules against and logs.
enum URLPathEncoding {
    /// Percent-decodes `raw`; returns `raw` unchanged when it holds an invalid escape (Go would have rejected the
    /// request line, so nothing better is possible) and replaces invalid UTF-8 with U+FFFD.
    static func decode(_ raw: String) -> String {
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        guard let bytes = decodedBytes(raw) else { return raw }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of `raw` with every `%XX` escape decoded once; `nil` when an escape is malformed.
    static func decodedBytes(_ raw: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// Percent-encodes `path` like Go's `url.PathEscape` for a whole path (`EscapedPath`): unreserved characters,
    /// `/` and `$&+,:;=@` stay as they are; every other byte becomes `%XX` (upper-case hex).
    static func encode(_ path: String) -> String {
        var output = ""
        output.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            if isKeptInPath(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output.append("%")
                output.append(upperHexDigits[Int(byte >> 4)])
                output.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    /// Whether Go leaves `byte` unescaped in a path.
    private static func isKeptInPath(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"),
            UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ":"),
            UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    /// The value of one hex digit, or `nil`.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Digits for `%XX`.
    private static let upperHexDigits: [Character] = Array("0123456789ABCDEF")
}
