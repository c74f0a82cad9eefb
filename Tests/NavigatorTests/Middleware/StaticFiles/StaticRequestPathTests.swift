import Testing

@testable import Navigator

/// Decoding, root_path stripping and classification of request paths.
@Suite struct StaticRequestPathTests {
    @Test func decodesExactlyOnce() throws {
        #expect(try #require(StaticRequestPath(rawPath: "/a%20b.txt", rootPath: "")).decoded == "/a b.txt")
        let double = try #require(StaticRequestPath(rawPath: "/%252e%252e/x", rootPath: ""))
        #expect(double.decoded == "/%2e%2e/x")
        #expect(!double.hasDotDotSegment)
        #expect(try #require(StaticRequestPath(rawPath: "/..%2Fx", rootPath: "")).hasDotDotSegment)
        #expect(try #require(StaticRequestPath(rawPath: "/a/%2E%2E", rootPath: "")).hasDotDotSegment)
        #expect(!(try #require(StaticRequestPath(rawPath: "/a..b/...", rootPath: "")).hasDotDotSegment))
    }

    @Test func refusesPathsThatCanNeverNameAFile() {
        for raw in ["/a%00b", "/a\\b", "/a%5cb", "/a%5Cb", "/%zz", "/%2", "/%ff%fe"] {
            #expect(StaticRequestPath(rawPath: raw, rootPath: "") == nil, "\(raw)")
        }
    }

    @Test func stripsTheRootPathOnlyAsAPrefix() throws {
        #expect(try #require(StaticRequestPath(rawPath: "/showcase/a.css", rootPath: "/showcase/")).stripped == "a.css")
        #expect(try #require(StaticRequestPath(rawPath: "/showcase/", rootPath: "/showcase/")).stripped == "/")
        #expect(try #require(StaticRequestPath(rawPath: "/other/a.css", rootPath: "/showcase/")).stripped == "/other/a.css")
    }

    @Test func extensionFollowsGoFilepathExt() throws {
        let cases: [(String, String)] = [
            ("/a.css", ".css"), ("/dir.d/file", ""), ("/trailing.", "."), ("/.hidden", ".hidden"),
            ("/a.tar.gz", ".gz"), ("/slash.css/", ""), ("/", ""),
        ]
        for (raw, expected) in cases {
            #expect(try #require(StaticRequestPath(rawPath: raw, rootPath: "")).fileExtension == expected[...], "\(raw)")
        }
    }

    @Test func lexicalCleaningMatchesGo() {
        #expect(LexicalPath.clean("/a//b/./c/..") == "/a/b")
        #expect(LexicalPath.clean("/../../etc") == "/etc")
        #expect(LexicalPath.clean("public/../../x") == "../x")
        #expect(LexicalPath.clean("") == ".")
    }

    @Test func theCleanPathShortcutAgreesWithCleaningEverySegment() {
        // Every path of up to four segments drawn from these, rooted or not.
        let parts = ["", ".", "..", "a", "b.c", "...", ".d"]
        var paths = [""]
        for _ in 0..<4 { paths += paths.flatMap { path in parts.map { path.isEmpty ? $0 : path + "/" + $0 } } }
        paths += paths.map { "/" + $0 }
        for path in Set(paths) {
            let cleaned = LexicalPath.cleanBySegments(path)
            #expect(LexicalPath.clean(path) == cleaned, "\(path)")
            // The shortcut may miss a clean path (`.`, a relative `../a`), never pass one that is not.
            if LexicalPath.isClean(path.utf8) { #expect(cleaned == path, "\(path)") }
        }
        #expect(LexicalPath.join("/srv/public", "/../secret.txt") == "/srv/secret.txt")
        #expect(LexicalPath.join("/srv/public", "//etc/passwd") == "/srv/public/etc/passwd")
    }

    @Test func byteScansAgreeWithSplittingIntoSegments() {
        let parts = ["", ".", "..", "a", "b.c", "...", ".d", "..e"]
        var paths = [""]
        for _ in 0..<3 { paths += paths.flatMap { path in parts.map { path.isEmpty ? $0 : path + "/" + $0 } } }
        paths += paths.map { "/" + $0 }
        for path in Set(paths) {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(StaticRequestPath.hasDotDotSegment(path.utf8) == segments.contains(".."), "\(path)")
            for base in ["/srv/public", "/srv/public/", "/", "srv"] {
                #expect(LexicalPath.join(base, path) == LexicalPath.clean(base + "/" + path), "\(base) + \(path)")
            }
        }
    }
}
