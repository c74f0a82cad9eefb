/// Turns a redirect target into the `Location` Go's `http.Redirect` sends.
///
/// A target with a scheme (`https:`, `mailto:`) or a host (`//cdn.example`) passes through. Anything else is a
/// path: a relative one is resolved against the directory of the current request path, then `.` and `..`
/// segments and repeated slashes are cleaned (a trailing slash is kept). A `?query` in the target is kept; the
/// request's own query is never carried over.
enum RedirectTarget {
    /// The resolved target (still unescaped; see `headerValue`).
    static func resolve(_ target: String, currentPath: String) -> String {
        guard !isAbsoluteURL(target), !isUnparseable(target) else { return target }
        var url = target
        if url.first != "/" {
            let oldPath = currentPath.isEmpty ? "/" : currentPath
            let directory = oldPath[...(oldPath.lastIndex(of: "/") ?? oldPath.startIndex)]
            url = (directory.first == "/" ? String(directory) : "") + url
        }
        var query = ""
        if let mark = url.firstIndex(of: "?") {
            query = String(url[mark...])
            url = String(url[..<mark])
        }
        let trailingSlash = url.hasSuffix("/")
        url = cleanPath(url)
        if trailingSlash, !url.hasSuffix("/") { url += "/" }
        return url + query
    }

    /// Go's `path.Clean`: the shortest equivalent path (`""` → `.`, rooted `..` dropped).
    static func cleanPath(_ path: String) -> String {
        let rooted = path.first == "/"
        var kept: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".":
                continue
            case "..":
                if let last = kept.last, last != ".." {
                    kept.removeLast()
                } else if !rooted {
                    kept.append(segment)
                }
            default:
                kept.append(segment)
            }
        }
        let joined = kept.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The `Location` header value: bytes outside ASCII as `%xx` (Go's `hexEscapeNonASCII`, lower-case hex).
    static func headerValue(_ location: String) -> String {
        guard location.utf8.contains(where: { $0 >= 0x80 }) else { return location }
        let digits = Array("0123456789abcdef")
        var output = ""
        for byte in location.utf8 {
            if byte >= 0x80 {
                output += "%"
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            } else {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return output
    }

    /// Whether `target` has a scheme (`letter (letter|digit|+|-|.)* :`) or starts with `//` plus a host.
    static func isAbsoluteURL(_ target: String) -> Bool {
        if target.hasPrefix("//"), !target.hasPrefix("///") { return true }
        for (offset, scalar) in target.unicodeScalars.enumerated() {
            switch scalar {
            case "a"..."z", "A"..."Z":
                continue
            case "0"..."9", "+", "-", ".":
                if offset == 0 { return false }
            case ":":
                return offset > 0
            default:
                return false
            }
        }
        return false
    }

    /// Targets Go's `url.Parse` rejects (control characters, bad `%` escapes) are sent unresolved, as Go does.
    private static func isUnparseable(_ target: String) -> Bool {
        let bytes = Array(target.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { return true }
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return true
                }
                index += 3
                continue
            }
            index += 1
        }
        return false
    }

    /// Whether `byte` is an ASCII hex digit.
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
