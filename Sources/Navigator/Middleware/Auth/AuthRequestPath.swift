/// The form of a request path that auth exemptions are matched against.
///
/// An exemption is granted only to a path in canonical form, because every way of writing one path differently is a
/// chance for the exemption check and the component that finally serves the request (static files, a CGI script, a
/// reverse proxy, Rails) to disagree about which resource is meant. Browsers and HTTP clients only ever send
/// canonical paths, so legitimate requests never lose an exemption; anything else simply has to authenticate.
///
/// A raw (percent-encoded) path is canonical when:
/// * it starts with `/` and every `%` starts a valid two-digit escape;
/// * no escape encodes `/` or `\` (`%2F`, `%5C`: a segment boundary some servers see and others don't) or `%`
///   itself (`%25…`: a second decoding would change the path);
/// * the decoded bytes are valid UTF-8 without control characters and without `\`, `;` (path parameters that
///   some servers strip), `?` or `#`;
/// * no segment is empty (`//`), `.` or `..` (also when written `%2e`), and no segment ends in `.` or a space
///   (names Windows-style file systems would silently trim).
///
/// Matching then uses the decoded path, case-sensitively (`/ASSETS/x` is not under `/assets/`).
enum AuthRequestPath {
    /// The decoded path if `raw` is canonical; `nil` otherwise.
    static func canonical(_ raw: String) -> String? {
        let bytes = Array(raw.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return nil }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { return nil }
                let value = high << 4 | low
                if value == UInt8(ascii: "/") || value == UInt8(ascii: "\\") || value == UInt8(ascii: "%") { return nil }
                decoded.append(value)
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        for byte in decoded {
            if byte < 0x20 || byte == 0x7F { return nil }
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                return nil
            }
        }
        guard let path = String(validating: decoded, as: UTF8.self) else { return nil }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        for (offset, segment) in segments.enumerated() {
            let isLast = offset == segments.count - 1
            if segment.isEmpty {
                if isLast { continue }
                return nil
            }
            if segment.last == UInt8(ascii: ".") || segment.last == UInt8(ascii: " ") { return nil }
        }
        return path
    }

    /// The value of one hex digit.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
