import Testing

@testable import NavigatorConfig

/// Patterns that are `^` and plain text are matched as prefixes, with the same answer the regex engine gives.
@Suite struct PathPatternTests {
    @Test func onlyAnchoredPlainTextCountsAsALiteralPrefix() {
        #expect(PathPattern.literalPrefix(of: "^/api") == "/api")
        #expect(PathPattern.literalPrefix(of: "^/showcase/assets/") == "/showcase/assets/")
        for source in ["/api", "^", "^/a.b", "^/x(y)", "^/a|/b", "^/a b", "^/v[12]", "^/a\\d", "^/a$", "^/a+", "(?i)^/a"] {
            #expect(PathPattern.literalPrefix(of: source) == nil, "\(source)")
        }
    }

    @Test(arguments: ["^/api", "^/api/", "^/café", "^/", "^/a-b_c~d"])
    func aLiteralPrefixMatchesExactlyAsTheRegexDoes(source: String) throws {
        let pattern = try PathPattern(source)
        #expect(pattern.literalPrefix != nil)
        let regex = try Regex(source)
        for path in ["/api", "/api/users?x=1", "/apix", "/ap", "/", "", "/café/menu", "/cafe\u{301}/menu", "/a-b_c~d/e", "/API"] {
            let expected = try regex.firstMatch(in: path)
            let found = pattern.firstMatch(in: path)
            #expect(found?.range == expected?.range, "\(source) on \(path)")
            #expect(found?.groups == expected.map { [String(path[$0.range])] }, "\(source) on \(path)")
            #expect(pattern.matches(path) == (expected != nil), "\(source) on \(path)")
        }
    }
}
