#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Content-Type of a file whose extension says nothing, from its first 512 bytes, as Go's
/// `http.DetectContentType` finds it (the WHATWG MIME Sniffing algorithm, in Go's subset and order).
///
/// HTML markers after leading whitespace, then `<?xml`, PDF and PostScript, byte-order marks, image, audio, video,
/// font and archive magic numbers; data without a binary control byte is `text/plain; charset=utf-8`; anything else
/// `application/octet-stream`.
enum ContentSniffer {
    /// At most this many leading bytes are looked at.
    static let sniffLength = 512

    /// One signature: a matcher and the type it gives.
    private struct Signature: Sendable {
        let type: String
        let matches: @Sendable ([UInt8]) -> Bool
    }

    /// The detected type of `data` (only its first `sniffLength` bytes count).
    static func contentType(of data: [UInt8]) -> String {
        let data = data.count > sniffLength ? Array(data[..<sniffLength]) : data
        for signature in signatures where signature.matches(data) { return signature.type }
        return "application/octet-stream"
    }

    /// The first `sniffLength` bytes of the file at `path` (fewer for a short file, none when it cannot be read).
    static func leadingBytes(ofFileAt path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: sniffLength)
        var filled = 0
        while filled < sniffLength {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + filled, sniffLength - filled, off_t(filled))
            }
            if count <= 0 { break }
            filled += count
        }
        return Array(buffer[..<filled])
    }

    private static let html = "text/html; charset=utf-8"

    /// Go's table, in Go's order.
    private static let signatures: [Signature] = {
        var list: [Signature] = [
            "<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE",
            "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--",
        ].map { tag in Signature(type: html) { htmlTag(Array(tag.utf8), in: $0) } }
        list.append(Signature(type: "text/xml; charset=utf-8") { data in
            masked(Array("<?xml".utf8), mask: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], in: Array(data.drop(while: isWhitespace)))
        })
        list += [
            exact("%PDF-", "application/pdf"),
            exact("%!PS-Adobe-", "application/postscript"),
            masked([0xFE, 0xFF, 0, 0], [0xFF, 0xFF, 0, 0], "text/plain; charset=utf-16be"),
            masked([0xFF, 0xFE, 0, 0], [0xFF, 0xFF, 0, 0], "text/plain; charset=utf-16le"),
            masked([0xEF, 0xBB, 0xBF, 0], [0xFF, 0xFF, 0xFF, 0], "text/plain; charset=utf-8"),
            exact([0, 0, 1, 0], "image/x-icon"),
            exact([0, 0, 2, 0], "image/x-icon"),
            exact("BM", "image/bmp"),
            exact("GIF87a", "image/gif"),
            exact("GIF89a", "image/gif"),
            riff("WEBPVP", "image/webp"),
            exact([0x89] + Array("PNG\r\n\u{1A}\n".utf8), "image/png"),
            exact([0xFF, 0xD8, 0xFF], "image/jpeg"),
            masked(Array("FORM\0\0\0\0AIFF".utf8), [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], "audio/aiff"),
            exact("ID3", "audio/mpeg"),
            exact("OggS\0", "application/ogg"),
            exact("MThd\0\0\0\u{6}", "audio/midi"),
            riff("AVI ", "video/avi"),
            riff("WAVE", "audio/wave"),
            Signature(type: "video/mp4", matches: isMP4),
            exact([0x1A, 0x45, 0xDF, 0xA3], "video/webm"),
            masked(Array(repeating: 0, count: 34) + Array("LP".utf8), Array(repeating: 0, count: 34) + [0xFF, 0xFF],
                   "application/vnd.ms-fontobject"),
            exact([0, 1, 0, 0], "font/ttf"),
            exact("OTTO", "font/otf"),
            exact("ttcf", "font/collection"),
            exact("wOFF", "font/woff"),
            exact("wOF2", "font/woff2"),
            exact([0x1F, 0x8B, 0x08], "application/x-gzip"),
            exact("PK\u{3}\u{4}", "application/zip"),
            exact("Rar!\u{1A}\u{7}\0", "application/x-rar-compressed"),
            exact("Rar!\u{1A}\u{7}\u{1}\0", "application/x-rar-compressed"),
            exact([0, 0x61, 0x73, 0x6D], "application/wasm"),
            Signature(type: "text/plain; charset=utf-8") { !$0.contains(where: isBinaryControl) },
        ]
        return list
    }()

    /// The data starts with `prefix`.
    private static func exact(_ prefix: String, _ type: String) -> Signature { exact(Array(prefix.utf8), type) }

    private static func exact(_ prefix: [UInt8], _ type: String) -> Signature {
        Signature(type: type) { $0.starts(with: prefix) }
    }

    private static func masked(_ pattern: [UInt8], _ mask: [UInt8], _ type: String) -> Signature {
        Signature(type: type) { masked(pattern, mask: mask, in: $0) }
    }

    /// `RIFF`, four length bytes, then `form`.
    private static func riff(_ form: String, _ type: String) -> Signature {
        let pattern = Array("RIFF".utf8) + [0, 0, 0, 0] + Array(form.utf8)
        let mask = [UInt8](repeating: 0xFF, count: 4) + [0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: form.utf8.count)
        return masked(pattern, mask, type)
    }

    /// The data is at least as long as `pattern` and equals it wherever `mask` has bits.
    private static func masked(_ pattern: [UInt8], mask: [UInt8], in data: [UInt8]) -> Bool {
        guard data.count >= pattern.count else { return false }
        for index in pattern.indices where data[index] & mask[index] != pattern[index] { return false }
        return true
    }

    /// After leading whitespace: `tag` in any case, then a space or `>`.
    private static func htmlTag(_ tag: [UInt8], in data: [UInt8]) -> Bool {
        let rest = data.drop(while: isWhitespace)
        guard rest.count > tag.count else { return false }
        for (offset, expected) in tag.enumerated() {
            var byte = rest[rest.startIndex + offset]
            // Letters compare without case (Go masks them with 0xDF).
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(expected) { byte &= 0xDF }
            if byte != expected { return false }
        }
        let terminator = rest[rest.startIndex + tag.count]
        return terminator == UInt8(ascii: " ") || terminator == UInt8(ascii: ">")
    }

    /// An ISO base media file (`ftyp` box) naming an `mp4` brand.
    private static func isMP4(_ data: [UInt8]) -> Bool {
        guard data.count >= 12 else { return false }
        let boxSize = data[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard data.count >= boxSize, boxSize % 4 == 0, data[4..<8].elementsEqual("ftyp".utf8) else { return false }
        var start = 8
        while start < boxSize {
            // Bytes 12…15 are the minor version, not a brand.
            if start != 12, start + 3 <= data.count, data[start..<start + 3].elementsEqual("mp4".utf8) { return true }
            start += 4
        }
        return false
    }

    /// WHATWG whitespace: tab, line feed, form feed, carriage return, space.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == 0x20
    }

    /// A byte that never occurs in text.
    private static func isBinaryControl(_ byte: UInt8) -> Bool {
        byte <= 0x08 || byte == 0x0B || (0x0E...0x1A).contains(byte) || (0x1C...0x1F).contains(byte)
    }
}
