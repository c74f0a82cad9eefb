import Testing
@testable import NavigatorConfig

/// How a scalar's style and tag decide what it can be: quoted text and `!!str` stay strings; plain text may be a
/// boolean, a number or null, as when yaml.v3 decodes into typed fields.
@Suite struct ScalarStyleTests {
    /// The message of the one diagnostic for `yaml`.
    func message(_ yaml: String) -> String? { Fixture.error(yaml)?.diagnostics.first?.message }

    @Test func quotedAndTaggedNumbersAreNotIntegers() {
        #expect(message("applications:\n  pools:\n    max_size: \"3\"\n") == "expected an integer, found the string \"3\"")
        #expect(message("applications:\n  pools:\n    max_size: '3'\n") == "expected an integer, found the string \"3\"")
        #expect(message("applications:\n  pools:\n    max_size: !!str 3\n") == "expected an integer, found `3`")
        #expect(message("applications:\n  pools:\n    max_size: |\n      3\n")
            == "expected an integer, found the string \"3\n\"")
    }

    @Test func quotedBooleansAreNotBooleans() throws {
        #expect(message("cable:\n  enabled: \"true\"\n") == "expected a boolean (true or false), found the string \"true\"")
        #expect(try Fixture.load("cable:\n  enabled: No\n").cable.enabled == false)
        #expect(message("cable:\n  enabled: nO\n") == "expected a boolean (true or false), found `nO`")
    }

    @Test func onlyPlainNullSpellingsAreNull() throws {
        #expect(try Fixture.load("server:\n  listen: ~\n").server.listen.port == 3000)
        #expect(try Fixture.load("server:\n  listen: NULL\n").server.listen.port == 3000)
        #expect(message("server:\n  listen: \"~\"\n")?.contains("host:port") == true)
    }

    @Test func plainScalarsReadAsStringsKeepTheirSourceText() throws {
        let config = try Fixture.load("""
            applications:
              tenants:
                - {path: /a/, name: 010}
                - {path: /b/, name: 1.50}
                - {path: /c/, name: yes}
            """)
        #expect(config.applications.tenants.map(\.name) == ["010", "1.50", "yes"])
    }

    @Test func tenantVariablesOfEveryShapeAreFormattedLikeGo() throws {
        let config = try Fixture.load("""
            applications:
              env: {Q: "${q}", L: "${l}", M: "${m}", T: "${t}", B: "${b}"}
              tenants:
                - path: /t/
                  var:
                    q: "5"
                    l: [1, two, ~]
                    m: {k: v, a: 1}
                    t: 'true'
                    b: !!str 7
            """)
        let values = config.applications.tenants.first?.env.map(\.value)
        #expect(values == ["5", "[1 two <nil>]", "map[a:1 k:v]", "true", "7"])
    }
}
