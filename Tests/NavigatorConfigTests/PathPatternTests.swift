import Testing

@testable import NavigatorConfig

/// Patterns that are `^` and literal text (with an optional final `$`) are matched by comparing strings, with the
/// same answers the regex engine gives.
@Suite struct PathPatternTests {
    @Test func onlyAnchoredLiteralTextCountsAsALiteral() {
        #expect(PathPattern.literal(of: "^/api") == .init(text: "/api", exact: false))
        #expect(PathPattern.literal(of: "^/showcase/assets/") == .init(text: "/showcase/assets/", exact: false))
        #expect(PathPattern.literal(of: "^/fast$") == .init(text: "/fast", exact: true))
        #expect(PathPattern.literal(of: "^/v1\\.0$") == .init(text: "/v1.0", exact: true))
        #expect(PathPattern.literal(of: "^/a\\(b\\)\\/c\\-d") == .init(text: "/a(b)/c-d", exact: false))
        for source in [
            "/api", "^", "^$", "^/a.b", "^/x(y)", "^/a|/b", "^/a b", "^/v[12]", "^/a\\d", "^/a\\", "^/a$b", "^/a$$",
            "^/a+", "(?i)^/a", "/a$",
        ] {
            #expect(PathPattern.literal(of: source) == nil, "\(source)")
        }
    }

    @Test(arguments: [
        "^/api", "^/api/", "^/café", "^/", "^/a-b_c~d", "^/fast$", "^/v1\\.0$", "^/café$", "^/api\\/x",
    ])
    func aLiteralMatchesExactlyAsTheRegexDoes(source: String) throws {
        let pattern = try PathPattern(source)
        #expect(pattern.literal != nil)
        let regex = try Regex(source)
        let paths = [
            "/api", "/api/users?x=1", "/apix", "/ap", "/", "", "/café/menu", "/cafe\u{301}/menu", "/a-b_c~d/e", "/API",
            "/fast", "/fast/", "/fast\n", "/FAST", "/v1.0", "/v1x0", "/v1.0/", "/café", "/cafe\u{301}", "/api/x",
        ]
        for path in paths {
            let expected = try regex.firstMatch(in: path)
            let found = pattern.firstMatch(in: path)
            #expect(found?.range == expected?.range, "\(source) on \(path)")
            #expect(found?.groups == expected.map { [String(path[$0.range])] }, "\(source) on \(path)")
            #expect(pattern.matches(path) == (expected != nil), "\(source) on \(path)")
            #expect(pattern.allMatches(in: path).map(\.range) == path.matches(of: regex).map(\.range), "\(source) on \(path)")
        }
    }
}
