#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Content-Type by file extension: a built-in table for the web's usual types, then the system's tables for the
/// rest, then nothing: the caller sniffs the content (`ContentSniffer`), as Go's `http.ServeFile` does.
///
/// The system's tables are the ones Go's `mime` package reads, in its order: the shared-mime-info `globs2` files
/// when there is one (their `*.ext` globs), otherwise the `mime.types` files — so an extension maps as it does under
/// Navigator on the same machine. The built-in table wins over them so that the usual types do not change from one
/// machine to the next. As in Go, a `text/*` type from a system file gets `; charset=utf-8`, the first entry for an
/// extension wins, and a lookup tries the extension as written first and lower-cased second. The system files are
/// read on the first extension the built-in table does not know, not at start-up: parsing them was a quarter of
/// the server's start-up CPU.
struct MIMETypes: Sendable {
    /// Go's `globs2` files, in its order.
    static let globFiles = ["/usr/local/share/mime/globs2", "/usr/share/mime/globs2"]
    /// Go's `mime.types` files, read when no `globs2` file exists.
    static let typeFiles = ["/etc/mime.types", "/etc/apache2/mime.types", "/etc/apache/mime.types", "/etc/httpd/conf/mime.types"]

    /// The system's tables, read when first needed.
    private let system: SystemMIMETable

    /// The built-in table, then the entries of the first `globFiles` that exist, or else of `typeFiles`.
    init(globFiles: [String] = Self.globFiles, typeFiles: [String] = Self.typeFiles) {
        system = SystemMIMETable(globFiles: globFiles, typeFiles: typeFiles)
    }

    /// The process-wide table.
    static let shared = MIMETypes()

    /// The Content-Type for `fileExtension` (without its dot), or `nil` when no table knows it.
    func contentType(forExtension fileExtension: some StringProtocol) -> String? {
        let exact = String(fileExtension)
        if let type = Self.builtIn[exact] { return type }
        let lower = exact.lowercased()
        if let type = Self.builtIn[lower] { return type }
        let table = system.table
        return table[exact] ?? table[lower]
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

    /// The system's table as Go builds it: every `globs2` file that exists, or when none does, every `mime.types`
    /// file (empty when no file exists).
    static func systemTable(globFiles: [String], typeFiles: [String]) -> [String: String] {
        var table: [String: String] = [:]
        var found = false
        for path in globFiles {
            guard let text = readSmallFile(path) else { continue }
            found = true
            addGlobs(text, to: &table)
        }
        guard !found else { return table }
        for path in typeFiles {
            guard let text = readSmallFile(path) else { continue }
            addTypes(text, to: &table)
        }
        return table
    }

    /// Adds the `*.ext` globs of a shared-mime-info `globs2` text (`weight:type:glob[:flags]` per line, `#`
    /// comments); globs with other wildcards are skipped, as Go skips them.
    static func addGlobs(_ text: String, to table: inout [String: String]) {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, fields[2].hasPrefix("*.") else { continue }
            let ext = fields[2].dropFirst(2)
            guard !ext.isEmpty, !ext.contains(where: { "*?[".contains($0) }) else { continue }
            add(type: fields[1], for: ext, to: &table)
        }
    }

    /// Adds the entries of a `mime.types` text (`type ext ext …` per line, `#` comments).
    static func addTypes(_ text: String, to table: inout [String: String]) {
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let type = fields.first else { continue }
            for ext in fields.dropFirst() { add(type: type, for: ext, to: &table) }
        }
    }

    /// Records `type` for `ext` unless an earlier entry did; `text/*` gets its charset.
    private static func add(type: Substring, for ext: Substring, to table: inout [String: String]) {
        guard type.contains("/"), table[String(ext)] == nil else { return }
        table[String(ext)] = type.hasPrefix("text/") ? "\(type); charset=utf-8" : String(type)
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

/// The system's MIME tables, parsed on first use and kept.
final class SystemMIMETable: Sendable {
    /// `globs2` files, tried first.
    let globFiles: [String]
    /// `mime.types` files, read when no `globs2` file exists.
    let typeFiles: [String]
    /// The parsed entries once read.
    private let loaded = Mutex<[String: String]?>(nil)

    /// A table over those files, not read yet.
    init(globFiles: [String], typeFiles: [String]) {
        self.globFiles = globFiles
        self.typeFiles = typeFiles
    }

    /// Extension → Content-Type from the files (empty when there is none).
    var table: [String: String] {
        loaded.withLock { loaded in
            if let loaded { return loaded }
            let parsed = MIMETypes.systemTable(globFiles: globFiles, typeFiles: typeFiles)
            loaded = parsed
            return parsed
        }
    }
}
