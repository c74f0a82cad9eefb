import Testing

@testable import Navigator

/// Go's `http.DetectContentType` answers, for the cases a static site meets.
@Suite struct ContentSnifferTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        ("<html><body>hi</body></html>", "text/html; charset=utf-8"),
        ("  \n\t<!DOCTYPE html>\n<html>", "text/html; charset=utf-8"),
        ("<HtMl lang=en>", "text/html; charset=utf-8"),
        ("<p>para</p>", "text/html; charset=utf-8"),
        ("<!-- comment -->", "text/html; charset=utf-8"),
        ("<a href=x>", "text/html; charset=utf-8"),
        ("<html", "text/plain; charset=utf-8"),
        ("<htmlx>", "text/plain; charset=utf-8"),
        ("\n<?xml version=\"1.0\"?><r/>", "text/xml; charset=utf-8"),
        ("%PDF-1.7\n", "application/pdf"),
        ("%!PS-Adobe-3.0", "application/postscript"),
        ("plain words\nand lines\r\n", "text/plain; charset=utf-8"),
        ("", "text/plain; charset=utf-8"),
        ("GIF89a....", "image/gif"),
        ("BM....", "image/bmp"),
        ("RIFF\u{1}\u{2}\u{3}\u{4}WEBPVP8 ", "image/webp"),
        ("RIFF\u{1}\u{2}\u{3}\u{4}WAVEfmt ", "audio/wave"),
        ("ID3\u{3}", "audio/mpeg"),
        ("OggS\u{0}\u{2}", "application/ogg"),
        ("wOF2....", "font/woff2"),
        ("PK\u{3}\u{4}....", "application/zip"),
        ("\u{0}asm\u{1}\u{0}\u{0}\u{0}", "application/wasm"),
        ("text with a \u{1} control byte", "application/octet-stream"),
    ])
    func detectsAsGoDoes(input: String, expected: String) {
        #expect(ContentSniffer.contentType(of: Self.bytes(input)) == expected)
    }

    @Test func binaryMagicNumbers() {
        #expect(ContentSniffer.contentType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == "image/png")
        #expect(ContentSniffer.contentType(of: [0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(ContentSniffer.contentType(of: [0x1F, 0x8B, 0x08, 0]) == "application/x-gzip")
        #expect(ContentSniffer.contentType(of: [0xFE, 0xFF, 0, 0x41]) == "text/plain; charset=utf-16be")
        #expect(ContentSniffer.contentType(of: [0xFF, 0xFE, 0x41, 0]) == "text/plain; charset=utf-16le")
        #expect(ContentSniffer.contentType(of: [0xEF, 0xBB, 0xBF, 0x41]) == "text/plain; charset=utf-8")
        #expect(ContentSniffer.contentType(of: [0, 0, 1, 0, 1, 0]) == "image/x-icon")
        let mp4: [UInt8] = [0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isommp41".utf8)
        #expect(ContentSniffer.contentType(of: mp4) == "video/mp4")
        #expect(ContentSniffer.contentType(of: [UInt8](repeating: 0, count: 34) + Array("LP".utf8)) == "application/vnd.ms-fontobject")
    }

    @Test func onlyTheFirst512BytesCount() {
        let late = [UInt8](repeating: UInt8(ascii: "a"), count: 512) + [0x01]
        #expect(ContentSniffer.contentType(of: late) == "text/plain; charset=utf-8")
        let early = [UInt8](repeating: UInt8(ascii: "a"), count: 511) + [0x01]
        #expect(ContentSniffer.contentType(of: early) == "application/octet-stream")
    }

    @Test func anUnreadableFileHasNoLeadingBytes() {
        #expect(ContentSniffer.leadingBytes(ofFileAt: "/nonexistent/file").isEmpty)
    }
}
