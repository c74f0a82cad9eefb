import Testing
@testable import NavigatorConfig

/// Unknown keys are warnings with a suggestion; Navigator's ignored keys load silently.
@Suite struct UnknownKeyTests {
    @Test func misspeltKeySuggestsTheClosest() throws {
        let config = try Fixture.load("server:\n  listn: 3000\napplications:\n  tenants:\n    - path: /a/\n      rooot: x\n")
        #expect(config.warnings.count == 2)
        let first = try #require(config.warnings.first)
        #expect(first.keyPath == "server.listn")
        #expect(first.location.line == 2)
        #expect(first.message.contains("did you mean `listen`?"))
        #expect(config.warnings[1].keyPath == "applications.tenants[0].rooot")
        #expect(config.warnings[1].message.contains("`root`"))
    }

    @Test func unrelatedKeyListsKnownKeys() throws {
        let config = try Fixture.load("maintenance:\n  zzzzzzzzzz: 1\n")
        #expect(config.warnings.first?.message.contains("known here: enabled, page") == true)
    }

    @Test func navigatorKeysWithoutEffectLoadSilently() throws {
        let config = try Fixture.load("""
            server:
              hostname: example.com
            routes:
              fly:
                sticky_sessions:
                  enabled: true
                  cookie_name: x
            """)
        #expect(config.warnings.isEmpty)
        #expect(config.server.hostname == "example.com")
    }

    @Test func applicationsHooksWarnsWhereTheyBelong() throws {
        let config = try Fixture.load("applications:\n  hooks:\n    start: []\n")
        #expect(config.warnings.first?.message.contains("hooks.tenant") == true)
    }

    @Test func levenshtein() {
        #expect(KeySuggester.distance("listn", "listen") == 1)
        #expect(KeySuggester.distance("", "abc") == 3)
        #expect(KeySuggester.distance("kitten", "sitting") == 3)
    }
}
