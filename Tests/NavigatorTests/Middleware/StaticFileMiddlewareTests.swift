import Foundation
import NIOCore
import NavigatorConfig
import NavigatorTestSupport
import Testing

@testable import Navigator
import HTTPTypes
import NavigatorCore

/// F8 through the real pipeline: content types, validators, ranges, HEAD, Cache-Control, root_path, allowed
/// extensions, the `index.html` redirect and falling through.
@Suite struct StaticFileMiddlewareTests {
    /// A fixed modification time: `Tue, 14 Nov 2023 22:13:20 GMT`.
    static let modified = Date(timeIntervalSince1970: 1_700_000_000)
    static let modifiedText = "Tue, 14 Nov 2023 22:13:20 GMT"

    @Test(arguments: [
        ("css", "text/css; charset=utf-8"), ("js", "text/javascript; charset=utf-8"),
        ("mjs", "text/javascript; charset=utf-8"), ("json", "application/json"), ("svg", "image/svg+xml"),
        ("webp", "image/webp"), ("avif", "image/avif"), ("woff", "font/woff"), ("woff2", "font/woff2"),
        ("ttf", "font/ttf"), ("eot", "application/vnd.ms-fontobject"), ("wasm", "application/wasm"),
        ("ico", "image/x-icon"), ("txt", "text/plain; charset=utf-8"), ("xml", "text/xml; charset=utf-8"),
        ("pdf", "application/pdf"), ("mp4", "video/mp4"), ("html", "text/html; charset=utf-8"),
        ("png", "image/png"), ("PNG", "image/png"), ("zzunknownzz", "text/plain; charset=utf-8"),
    ])
    func contentTypeFollowsTheExtension(fileExtension: String, expected: String) async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("asset.\(fileExtension)", "x")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/asset.\(fileExtension)", method: .get)
            #expect(response.status == .ok)
            #expect(response.header("Content-Type") == expected)
        }
    }

    @Test func servesAFileWithValidatorsAndRecordsIt() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        let path = try fixture.file("css/app.css", "body { color: red }", modified: Self.modified)
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/css/app.css?v=1", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == "body { color: red }")
            #expect(response.header("Content-Length") == "19")
            #expect(response.header("Last-Modified") == Self.modifiedText)
            #expect(response.header("Accept-Ranges") == "bytes")
            #expect(response.header("ETag")?.hasPrefix("\"") == true)
            #expect(response.header("Cache-Control") == nil)
            #expect(response.header("X-Record-Type") == "static")
            #expect(response.header("X-Record-File") == path)
        }
    }

    @Test func ifNoneMatchGives304OrServes() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("a.txt", "hello", modified: Self.modified)
        let config = fixture.configuration { $0.cacheControl.defaultMaxAge = .seconds(60) }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let etag = try #require(try await client.execute(uri: "/a.txt", method: .get).header("ETag"))
            for value in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
                let response = try await client.execute(uri: "/a.txt", method: .get, headers: .from(["If-None-Match": value]))
                #expect(response.status == .notModified, "If-None-Match: \(value)")
                #expect(response.body.readableBytes == 0)
                #expect(response.header("Content-Type") == nil)
                #expect(response.header("Last-Modified") == Self.modifiedText)
                #expect(response.header("ETag") == etag)
                #expect(response.header("Cache-Control") == "public, max-age=60")
            }
            let other = try await client.execute(uri: "/a.txt", method: .get, headers: .from(["If-None-Match": "\"nope\""]))
            #expect(other.status == .ok)
            #expect(other.text == "hello")
            let post = try await client.execute(uri: "/a.txt", method: .post, headers: .from(["If-None-Match": etag]))
            #expect(post.status == .preconditionFailed)
        }
    }

    @Test func ifModifiedSinceAndIfUnmodifiedSince() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("a.txt", "hello", modified: Self.modified)
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let cases: [(String, String, HTTPResponse.Status)] = [
                ("If-Modified-Since", Self.modifiedText, .notModified),
                ("If-Modified-Since", "Wed, 15 Nov 2023 00:00:00 GMT", .notModified),
                ("If-Modified-Since", "Tuesday, 14-Nov-23 22:13:20 GMT", .notModified),
                ("If-Modified-Since", "Tue Nov 14 22:13:20 2023", .notModified),
                ("If-Modified-Since", "Tue, 14 Nov 2023 22:13:19 GMT", .ok),
                ("If-Modified-Since", "not a date", .ok),
                ("If-Unmodified-Since", "Tue, 14 Nov 2023 22:13:19 GMT", .preconditionFailed),
                ("If-Unmodified-Since", Self.modifiedText, .ok),
            ]
            for (name, value, status) in cases {
                let response = try await client.execute(uri: "/a.txt", method: .get, headers: .from([name: value]))
                #expect(response.status == status, "\(name): \(value)")
            }
            let ifMatch = try await client.execute(uri: "/a.txt", method: .get, headers: .from(["If-Match": "\"stale\""]))
            #expect(ifMatch.status == .preconditionFailed)
        }
    }

    @Test func rangesGive206Or416() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("digits.txt", "0123456789")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let cases: [(String, String, String)] = [
                ("bytes=2-5", "2345", "bytes 2-5/10"), ("bytes=-3", "789", "bytes 7-9/10"),
                ("bytes=7-", "789", "bytes 7-9/10"), ("bytes=8-100", "89", "bytes 8-9/10"),
                ("bytes=0-0", "0", "bytes 0-0/10"),
            ]
            for (range, body, contentRange) in cases {
                let response = try await client.execute(uri: "/digits.txt", method: .get, headers: .from(["Range": range]))
                #expect(response.status == .partialContent, "\(range)")
                #expect(response.text == body)
                #expect(response.header("Content-Range") == contentRange)
                #expect(response.header("Content-Length") == String(body.count))
            }
            for range in ["bytes=10-", "bytes=50-60"] {
                let response = try await client.execute(uri: "/digits.txt", method: .get, headers: .from(["Range": range]))
                #expect(response.status == .rangeNotSatisfiable, "\(range)")
                #expect(response.header("Content-Range") == "bytes */10")
            }
            for range in ["bytes=5-2", "items=0-1", "bytes=x-"] {
                let response = try await client.execute(uri: "/digits.txt", method: .get, headers: .from(["Range": range]))
                #expect(response.status == .rangeNotSatisfiable, "\(range)")
            }
            let multi = try await client.execute(uri: "/digits.txt", method: .get, headers: .from(["Range": "bytes=0-1,4-5"]))
            #expect(multi.status == .ok)
            #expect(multi.text == "0123456789")
        }
    }

    @Test func ifRangeKeepsOrDropsTheRange() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("digits.txt", "0123456789", modified: Self.modified)
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let etag = try #require(try await client.execute(uri: "/digits.txt", method: .head).header("ETag"))
            let matching = try await client.execute(
                uri: "/digits.txt", method: .get, headers: .from(["Range": "bytes=0-1", "If-Range": etag])
            )
            #expect(matching.status == .partialContent)
            #expect(matching.text == "01")
            let byDate = try await client.execute(
                uri: "/digits.txt", method: .get, headers: .from(["Range": "bytes=0-1", "If-Range": Self.modifiedText])
            )
            #expect(byDate.status == .partialContent)
            let stale = try await client.execute(
                uri: "/digits.txt", method: .get, headers: .from(["Range": "bytes=0-1", "If-Range": "\"stale\""])
            )
            #expect(stale.status == .ok)
            #expect(stale.text == "0123456789")
        }
    }

    @Test func headSendsHeadersWithoutBody() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("a.json", "{\"a\":1}")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/a.json", method: .head)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
            #expect(response.header("Content-Length") == "7")
            #expect(response.header("Content-Type") == "application/json")
        }
    }

    @Test func cacheControlLongestPrefixOfTheOriginalPathWins() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("assets/app.js", "js")
        try fixture.file("assets/vendor/lib.js", "lib")
        try fixture.file("assets/nocache/x.js", "x")
        try fixture.file("robots.txt", "robots")
        let config = fixture.configuration(rootPath: "/showcase/") {
            $0.cacheControl = CacheControlSettings(
                defaultMaxAge: .seconds(3600),
                overrides: [
                    CacheControlOverride(path: "/showcase/assets/", maxAge: .seconds(86400)),
                    CacheControlOverride(path: "/showcase/assets/vendor/", maxAge: .seconds(31_536_000), immutable: true),
                    CacheControlOverride(path: "/showcase/assets/nocache/", maxAge: nil),
                    CacheControlOverride(path: "/assets/", maxAge: .seconds(5)),
                ]
            )
        }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let expectations: [(String, String?)] = [
                ("/showcase/assets/app.js", "public, max-age=86400"),
                ("/showcase/assets/vendor/lib.js", "public, max-age=31536000, immutable"),
                ("/showcase/assets/nocache/x.js", nil),
                ("/showcase/robots.txt", "public, max-age=3600"),
                ("/assets/app.js", "public, max-age=5"),
            ]
            for (uri, expected) in expectations {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.header("Cache-Control") == expected, "\(uri)")
            }
        }
    }

    @Test func rootPathIsStrippedBeforeTheLookup() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("app.css", "css")
        try fixture.file("showcase/only-nested.css", "nested")
        try await fixture.recordingApplication(fixture.configuration(rootPath: "/showcase/")).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/showcase/app.css", method: .get).text == "css")
            // Without the prefix the path is looked up as it is, like Navigator.
            #expect(try await client.execute(uri: "/app.css", method: .get).text == "css")
            #expect(try await client.execute(uri: "/showcase/only-nested.css", method: .get).status == .notFound)
        }
    }

    @Test func allowedExtensionsAreExactAndCaseSensitive() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("a.css", "css")
        try fixture.file("b.CSS", "upper")
        try fixture.file("c.txt", "txt")
        try await fixture.recordingApplication(fixture.configuration { $0.allowedExtensions = ["css"] }).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/a.css", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/b.CSS", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/c.txt", method: .get).status == .notFound)
        }
    }

    @Test func indexHTMLRedirectsToDotSlash() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("index.html", "home")
        try fixture.file("docs/index.html", "docs")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let root = try await client.execute(uri: "/index.html", method: .get)
            #expect(root.status == .movedPermanently)
            #expect(root.header("Location") == "./")
            #expect(root.body.readableBytes == 0)
            let nested = try await client.execute(uri: "/docs/index.html?lang=en", method: .get)
            #expect(nested.status == .movedPermanently)
            #expect(nested.header("Location") == "./?lang=en")
            #expect(nested.header("X-Record-Type") == "redirect")
            // A missing index.html is not redirected: the request falls through.
            #expect(try await client.execute(uri: "/nope/index.html", method: .get).status == .notFound)
        }
    }

    @Test func directoriesAndMissingFilesFallThrough() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.directory("bundle.d")
        try fixture.file("README", "no extension")
        try fixture.file("trailing.", "dot only")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            for uri in ["/bundle.d", "/missing.css", "/README", "/trailing.", "/readme.txt/"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.text == "404 page not found\n", "\(uri) must reach the terminal")
                #expect(response.header("X-Record-Type") == "not-found", "static recorded nothing of its own")
            }
        }
    }

    @Test func emptyFileIgnoresRange() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("empty.txt", "")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/empty.txt", method: .get, headers: .from(["Range": "bytes=0-10"]))
            #expect(response.status == .ok)
            #expect(response.header("Content-Length") == "0")
        }
    }

    @Test(arguments: [false, true])
    func largeFileStreamsWholeAndInRanges(live: Bool) async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(5 * 1024 * 1024 + 7)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try fixture.data("big.bin", Data(bytes))
        try await fixture.recordingApplication(fixture.configuration()).test(live ? .live : .router) { (client) async throws in
            let whole = try await client.execute(uri: "/big.bin", method: .get)
            #expect(whole.status == .ok)
            #expect(whole.header("Content-Length") == String(bytes.count))
            #expect(Array(whole.body.readableBytesView) == bytes)
            let start = 2_500_000, end = 2_700_123
            let part = try await client.execute(uri: "/big.bin", method: .get, headers: .from(["Range": "bytes=\(start)-\(end)"]))
            #expect(part.status == .partialContent)
            #expect(part.header("Content-Range") == "bytes \(start)-\(end)/\(bytes.count)")
            #expect(Array(part.body.readableBytesView) == Array(bytes[start...end]))
        }
    }
}
