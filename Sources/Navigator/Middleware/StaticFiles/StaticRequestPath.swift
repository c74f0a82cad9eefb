/// A request path prepared for a lookup under `public_dir`: percent-decoded exactly once, split from `root_path`,
/// and classified for the path-safety rules (docs/STATIC-FILES.md).
struct StaticRequestPath: Sendable, Equatable {
    /// The path percent-decoded once, `root_path` included — what Go calls `r.URL.Path`.
    let decoded: String
    /// `decoded` without `root_path` when it starts with it (exactly the root gives `/`); otherwise `decoded`.
    let stripped: String
    /// Whether a `/`-separated segment of `decoded` is exactly `..` (after decoding, so `%2e%2e` and `..%2f` count).
    let hasDotDotSegment: Bool

    /// Prepares `rawPath` (as on the wire, or as a rewrite left it).
    ///
    /// Returns `nil` for a path that can never name a file: a malformed `%` escape, a decoded NUL byte or backslash,
    /// or bytes that are not UTF-8. Such requests skip the file stages entirely and fall through.
    init?(rawPath: String, rootPath: String) {
        guard let decoded = Self.percentDecodedOnce(rawPath) else { return nil }
        // A backslash is a plain byte to Linux but a separator to Go's `..` check and to Windows clients;
        // refusing it keeps `..\` from ever meaning anything.
        guard !decoded.utf8.contains(0), !decoded.utf8.contains(UInt8(ascii: "\\")) else { return nil }
        self.decoded = decoded
        self.hasDotDotSegment = Self.hasDotDotSegment(decoded.utf8)
        if !rootPath.isEmpty, decoded.hasPrefix(rootPath) {
            let rest = decoded.dropFirst(rootPath.count)
            self.stripped = rest.isEmpty ? "/" : String(rest)
        } else {
            self.stripped = decoded
        }
    }

    /// Go's `filepath.Ext`: from the last dot of the last segment (dot included), or "" when that segment has none.
    var fileExtension: Substring {
        // Scanned as bytes: `/` and `.` are ASCII, so the indices found are valid character boundaries.
        let utf8 = decoded.utf8
        let segmentStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        guard let dot = utf8[segmentStart...].lastIndex(of: UInt8(ascii: ".")) else { return "" }
        return decoded[dot...]
    }

    /// Whether a `/`-separated segment of `path` is exactly `..`.
    static func hasDotDotSegment(_ path: String.UTF8View) -> Bool {
        var length = 0
        var dots = 0
        for byte in path {
            if byte == UInt8(ascii: "/") {
                if length == 2, dots == 2 { return true }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length == 2 && dots == 2
    }

    /// Decodes `%XX` escapes once; `nil` when an escape is malformed or the result is not UTF-8.
    static func percentDecodedOnce(_ raw: String) -> String? {
        URLPathEncoding.decodedBytes(raw).flatMap { String(validating: $0, as: UTF8.self) }
    }
}

/// Lexical path cleaning with Go's `path.Clean` rules: repeated slashes collapse, `.` segments vanish, `..` removes
/// the segment before it and never climbs above the root of an absolute path.
enum LexicalPath {
    /// The cleaned form of `path` (`.` for an empty relative result, `/` for an empty absolute one).
    static func clean(_ path: String) -> String {
        // Nearly every request path is already clean; checking bytes is much cheaper than splitting and joining.
        isClean(path.utf8) ? path : cleanBySegments(path)
    }

    /// Go's `path.Clean`, segment by segment.
    static func cleanBySegments(_ path: String) -> String {
        let rooted = path.hasPrefix("/")
        var segments: [Substring] = []
        for segment in path.split(separator: "/") {
            switch segment {
            case ".":
                continue
            case "..":
                if let last = segments.last, last != ".." {
                    segments.removeLast()
                } else if !rooted {
                    segments.append(segment)
                }
            default:
                segments.append(segment)
            }
        }
        let body = segments.joined(separator: "/")
        if rooted { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// Whether `path` is its own cleaned form: not empty, no empty, `.` or `..` segment, no trailing slash (but `/`).
    static func isClean(_ path: String.UTF8View) -> Bool {
        guard !path.isEmpty else { return false }
        if path.count == 1 { return path.first != UInt8(ascii: ".") }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        // The length of the current segment, and whether it is all dots so far; the leading slash of a rooted path
        // starts no segment.
        var length = 0
        var dotsOnly = true
        for (index, byte) in path.enumerated() {
            if byte == slash {
                if index == 0 { continue }
                if length == 0 || (dotsOnly && length <= 2) { return false }
                length = 0
                dotsOnly = true
            } else {
                length += 1
                if byte != dot { dotsOnly = false }
            }
        }
        // A trailing slash leaves an empty last segment.
        return length > 0 && !(dotsOnly && length <= 2)
    }

    /// `base` and `relative` joined with one slash and cleaned, like Go's `filepath.Join`.
    static func join(_ base: String, _ relative: String) -> String {
        // A request path already starts with a slash; adding another would make every joined path unclean.
        if relative.utf8.first == UInt8(ascii: "/"), base.utf8.last != UInt8(ascii: "/") {
            return clean(base + relative)
        }
        return clean(base + "/" + relative)
    }
}
