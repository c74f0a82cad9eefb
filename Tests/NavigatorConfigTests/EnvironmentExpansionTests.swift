import Testing
@testable import NavigatorConfig

/// `${VAR}` expansion (D6) and how it stays out of the way of tenant variables, ports and regex replacements.
@Suite struct EnvironmentExpansionTests {
    let env = ["HOME": "/home/nav", "EMPTY": "", "PORT": "8080"]

    @Test func expandsSetUnsetAndDefaults() {
        #expect(EnvironmentExpander.expand("${HOME}/x", environment: env, mode: .standard) == "/home/nav/x")
        #expect(EnvironmentExpander.expand("a${NOPE}b", environment: env, mode: .standard) == "ab")
        #expect(EnvironmentExpander.expand("${NOPE:-dflt}", environment: env, mode: .standard) == "dflt")
        #expect(EnvironmentExpander.expand("${EMPTY:-dflt}", environment: env, mode: .standard) == "dflt")
        #expect(EnvironmentExpander.expand("${EMPTY}", environment: env, mode: .standard) == "")
        #expect(EnvironmentExpander.expand("$${HOME}", environment: env, mode: .standard) == "${HOME}")
        #expect(EnvironmentExpander.expand("$1 and ${1} and $HOME", environment: env, mode: .standard)
            == "$1 and ${1} and $HOME")
    }

    @Test func templateModesKeepUndefinedNamesAndPort() {
        #expect(EnvironmentExpander.expand("/x/${name}", environment: env, mode: .keepUndefined) == "/x/${name}")
        #expect(EnvironmentExpander.expand("${port}", environment: ["port": "1"], mode: .arguments) == "${port}")
        #expect(EnvironmentExpander.expand("${PORT}", environment: env, mode: .arguments) == "8080")
        #expect(EnvironmentExpander.expand("${HOME}", environment: env, mode: .none) == "${HOME}")
    }

    @Test func everyStringValueIsExpandedAndPlainValuesAreTypedAfterExpansion() throws {
        let config = try Fixture.load("""
            server:
              listen: ${LISTEN:-4100}
              trust_proxy: ${TRUST}
              static:
                public_dir: ${ROOT}/public
            """, env: ["TRUST": "yes", "ROOT": "/data"])
        #expect(config.server.listen.port == 4100)
        #expect(config.server.trustProxy)
        #expect(config.server.staticFiles.publicDir == "/data/public")
    }

    @Test func tenantVariablesWinInApplicationEnvAndPortStaysInArgs() throws {
        let config = try Fixture.load("""
            applications:
              env:
                PIDFILE: /tmp/${name}.pid
                DB: ${DATABASE_URL}
                OTHER: ${unset_thing}
              tenants:
                - path: /a/
                  var: {name: alpha}
                  args: [server, -p, "${port}", "{{port}}", "${HOME}"]
                  env:
                    EXTRA: ${HOME}
            """, env: ["HOME": "/home/nav", "DATABASE_URL": "pg://db", "name": "fromenv"])
        let tenant = try #require(config.applications.tenants.first)
        #expect(tenant.env == [
            EnvironmentEntry("PIDFILE", "/tmp/alpha.pid"), EnvironmentEntry("DB", "pg://db"),
            EnvironmentEntry("OTHER", "${unset_thing}"), EnvironmentEntry("EXTRA", "/home/nav"),
        ])
        #expect(tenant.command.arguments == ["bin/rails", "server", "-p", "${port}", "{{port}}", "/home/nav"])
    }

    @Test func redirectReplacementKeepsNamedGroups() throws {
        let config = try Fixture.load("""
            routes:
              redirects:
                - from: ^/old/(?P<rest>.*)
                  to: ${BASE}/new/${rest}
            """, env: ["BASE": "https://example.com"])
        #expect(config.routes.rules.first?.replacement == "https://example.com/new/${rest}")
    }

    @Test func tenantVariablesAreFormattedLikeGo() throws {
        let config = try Fixture.load("""
            applications:
              env: {A: "${i}", B: "${b}", C: "${f}", D: "${n}", E: "${s}"}
              tenants:
                - path: /t/
                  var: {i: 5, b: true, f: 1.5, n: ~, s: text}
            """)
        let values = config.applications.tenants.first?.env.map(\.value)
        #expect(values == ["5", "true", "1.5", "<nil>", "text"])
    }
}
