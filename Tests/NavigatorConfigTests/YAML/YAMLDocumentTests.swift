import Testing
@testable import NavigatorConfig

/// The libyaml-based reader: aliases, the bounds on what a small file can expand to, and libyaml's errors as
/// `file:line:column` diagnostics.
@Suite struct YAMLDocumentTests {
    /// The one diagnostic of YAML that must not load.
    func diagnostic(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ConfigDiagnostic? {
        let error = Fixture.error(yaml)
        #expect(error?.diagnostics.count == 1, "\(String(describing: error))", sourceLocation: sourceLocation)
        return error?.diagnostics.first
    }

    @Test func aliasesStandForTheAnchoredValue() throws {
        let config = try Fixture.load("""
            shared:
              root: &root /apps/shared
            applications:
              tenants:
                - path: /a/
                  root: *root
            """)
        #expect(config.applications.tenants.first?.root == "/apps/shared")
    }

    @Test func mergeKeysTakeExplicitKeysFirstThenEarlierSources() throws {
        let config = try Fixture.load("""
            defaults:
              a: &a {root: /a, name: from-a}
              b: &b {root: /b, user: bee}
            applications:
              tenants:
                - <<: [*a, *b]
                  path: /m/
                  name: own
            """)
        let tenant = try #require(config.applications.tenants.first)
        #expect(tenant.root == "/a")
        #expect(tenant.name == "own")
        #expect(tenant.user == "bee")
    }

    @Test func anAliasBombIsRejectedAtTheAliasThatCrossesTheBound() throws {
        // Nine levels of nine aliases each: 9⁹ ≈ 387 million nodes once expanded, from 500 bytes of text.
        var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        let found = try #require(diagnostic(lines.joined(separator: "\n") + "\n"))
        // a…f expand to 672,610 nodes; g's first `*f` adds 597,871 more and crosses the million.
        #expect(found.location == SourceLocation(file: "test.yml", line: 7, column: 8))
        #expect(found.keyPath == "g")
        #expect(found.message.contains("more than 1000000 nodes with its aliases expanded"))
    }

    @Test func theNodeBoundCountsEveryNodeWithAliasesExpanded() throws {
        // Root, key `a`, the sequence and its two items, key `b`, and the alias standing for three nodes: nine.
        let text = "a: &x [1, 2]\nb: *x\n"
        #expect(try YAMLDocument.firstRoot(of: text, maximumNodes: 9) != nil)
        #expect(throws: YAMLSyntaxError.self) { try YAMLDocument.firstRoot(of: text, maximumNodes: 8) }
    }

    @Test func nestingIsBounded() throws {
        let deepest = YAMLComposer.defaultMaximumDepth
        let accepted = String(repeating: "[", count: deepest) + String(repeating: "]", count: deepest)
        #expect(try YAMLDocument.firstRoot(of: accepted) != nil)
        let rejected = "[" + accepted + "]"
        let error = try #require(throws: YAMLSyntaxError.self) { try YAMLDocument.firstRoot(of: rejected) }
        #expect(error.mark == YAMLMark(line: 1, column: deepest + 1))
        #expect(error.problem == "collections are nested more than \(deepest) levels deep")
    }

    @Test func undefinedAndSelfReferringAliasesAreErrors() throws {
        let undefined = try #require(diagnostic("server:\n  listen: *port\n"))
        #expect(undefined.description == "test.yml:2:11: server.listen: invalid YAML: found undefined alias `*port`")
        // An anchor is defined once its node is complete, so a node cannot contain itself.
        let recursive = try #require(diagnostic("server:\n  static: &s {try_files: *s}\n"))
        #expect(recursive.location.line == 2)
        #expect(recursive.message == "invalid YAML: found undefined alias `*s`")
    }

    @Test func syntaxErrorsCarryLibyamlsProblemAndContext() throws {
        let found = try #require(diagnostic("server:\n  listen: a: b\n"))
        #expect(found.description == "test.yml:2:12: server.listen: invalid YAML: mapping values are not allowed in this context")
        let unclosed = try #require(diagnostic("routes:\n  redirects: [a, b\n"))
        #expect(unclosed.location.line == 3)
        #expect(unclosed.message.hasPrefix("invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 14)"))
    }

    @Test func readerErrorsNameTheLineAndColumnOfTheByte() throws {
        let found = try #require(diagnostic("server:\n  listen: é\u{07}\n"))
        #expect(found.location == SourceLocation(file: "test.yml", line: 2, column: 12))
        #expect(found.message == "invalid YAML text: control characters are not allowed (#x7)")
    }

    @Test func everyRepeatedKeyIsNamedAtTheFirstOne() throws {
        let found = try #require(diagnostic("server:\n  listen: 1\n  root_path: a\n  root_path: b\n  listen: 2\n"))
        #expect(found.location == SourceLocation(file: "test.yml", line: 2, column: 3))
        #expect(found.message.hasPrefix("duplicate key `listen`, `root_path` in the same mapping"))
    }

    @Test func marksAreOneBasedLineAndColumn() throws {
        let error = try #require(Fixture.error("cable:\n  path: /c\nserver:\n    listen: 70000\n"))
        #expect(error.description == "test.yml:4:13: server.listen: port 70000 is out of range (0…65535)")
        let config = try Fixture.load("maintenance:\n  enabled: false\n  bogus: 1\n")
        #expect(config.warnings.first?.location == SourceLocation(file: "test.yml", line: 3, column: 3))
    }

    @Test func laterDocumentsAreNotRead() throws {
        // Even a syntax error after the first document goes unread, as with yaml.v3's Unmarshal.
        #expect(try Fixture.load("server:\n  listen: 1234\n---\n[unclosed\n").server.listen.port == 1234)
        #expect(try Fixture.load("---\n...\n").server.listen.port == 3000)
    }
}
