#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Content-Type by file extension: a built-in table for the web's usual types, then `/etc/mime.types` for the rest,
/// then `application/octet-stream`.
///
/// The built-in table wins over the system file so that responses do not change from one machine to the next.
/// As in Go, a `text/*` type from the system file gets `; charset=utf-8`, and a lookup tries the extension as
/// written first and lower-cased second. The system file is read on the first extension the built-in table does
/// not know, not at start-up: parsing it was a quarter of the server's start-up CPU.
struct MIMETypes: Sendable {
    /// `/etc/mime.types`, read when first needed.
    private let system: SystemMIMETable

    /// The fallback for unknown extensions (Navigator would sniff the content; we do not read it twice).
    static let fallback = "application/octet-stream"

    /// The built-in table, then the entries of `systemFile`.
    init(systemFile: String? = "/etc/mime.types") {
        system = SystemMIMETable(path: systemFile)
    }

    /// The process-wide table.
    static let shared = MIMETypes()

    /// The Content-Type for `fileExtension` (without its dot).
    func contentType(forExtension fileExtension: some StringProtocol) -> String {
        let exact = String(fileExtension)
        if let type = Self.builtIn[exact] { return type }
        let lower = exact.lowercased()
        if let type = Self.builtIn[lower] { return type }
        let table = system.table
        return table[exact] ?? table[lower] ?? Self.fallback
    }

    /// Types served most on the web; text types carry their charset as Go's table does.
    static let builtIn: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "map": "application/json", "jsonld": "application/ld+json",
        "webmanifest": "application/manifest+json",
        "xml": "text/xml; charset=utf-8", "rss": "application/rss+xml", "atom": "application/atom+xml",
        "xhtml": "application/xhtml+xml",
        "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "ics": "text/calendar; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "apng": "image/apng", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "bmp": "image/bmp",
        "tif": "image/tiff", "tiff": "image/tiff",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "eot": "application/vnd.ms-fontobject",
        "wasm": "application/wasm", "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip",
        "tar": "application/x-tar",
        "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg", "mov": "video/quicktime",
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg",
        "wav": "audio/wav", "flac": "audio/flac",
    ]

    /// Reads a `mime.types` file (`type ext ext …` per line, `#` comments); a missing file gives an empty table.
    static func parseSystemFile(_ path: String) -> [String: String] {
        guard let text = readSmallFile(path) else { return [:] }
        var table: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let type = fields.first, type.contains("/") else { continue }
            let value = type.hasPrefix("text/") ? "\(type); charset=utf-8" : String(type)
            for ext in fields.dropFirst() where table[String(ext)] == nil {
                table[String(ext)] = value
            }
        }
        return table
    }

    /// The whole content of a file of at most 4 MiB, or `nil`.
    private static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < 4 << 20 {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A `mime.types` file parsed on first use and kept.
final class SystemMIMETable: Sendable {
    /// The file, or `nil` for none.
    let path: String?
    /// The parsed entries once read.
    private let loaded = Mutex<[String: String]?>(nil)

    /// A table over `path`, not read yet.
    init(path: String?) {
        self.path = path
    }

    /// Extension → Content-Type from the file (empty when there is no file).
    var table: [String: String] {
        loaded.withLock { loaded in
            if let loaded { return loaded }
            let parsed = path.map(MIMETypes.parseSystemFile) ?? [:]
            loaded = parsed
            return parsed
        }
    }
}
