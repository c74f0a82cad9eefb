import NavigatorConfig
import Testing

@testable import Navigator

/// The exemption rules of F6 and the canonical-path rules that stop bypasses.
@Suite struct AuthExemptionsTests {
    /// Exemptions over `publicPaths` and `patterns` (pattern, action).
    static func exemptions(_ publicPaths: [String], patterns: [(String, String)] = [], realm: String = "Restricted") throws -> AuthExemptions {
        AuthExemptions(settings: AuthSettings(
            enforced: true, realm: realm, htpasswdPath: "/dev/null", publicPaths: publicPaths,
            authPatterns: try patterns.map { AuthPattern(pattern: try PathPattern($0.0), action: $0.1) }
        ))
    }

    @Test func suffixRules() throws {
        let rules = try Self.exemptions(["*.css", "*.js"])
        #expect(rules.decision(forRawPath: "/assets/app.css") == .exempt)
        #expect(rules.decision(forRawPath: "/deep/er/x.js") == .exempt)
        #expect(rules.decision(forRawPath: "/app.css.map") == .protected(realm: "Restricted"))
        #expect(rules.decision(forRawPath: "/app.CSS") == .protected(realm: "Restricted"))
    }

    @Test func aLoneStarExemptsEverything() throws {
        let rules = try Self.exemptions(["*"])
        #expect(rules.decision(forRawPath: "/") == .exempt)
        #expect(rules.decision(forRawPath: "/admin/secret") == .exempt)
    }

    @Test func globRulesDoNotCrossSlashes() throws {
        let rules = try Self.exemptions(["/assets/*.png", "/img/?*.gif", "/v[0-9]*/status", "/n[^a-c]*/x"])
        #expect(rules.decision(forRawPath: "/assets/logo.png") == .exempt)
        #expect(rules.decision(forRawPath: "/assets/sub/logo.png") != .exempt)
        #expect(rules.decision(forRawPath: "/img/a.gif") == .exempt)
        #expect(rules.decision(forRawPath: "/img/.gif") != .exempt)
        #expect(rules.decision(forRawPath: "/v7/status") == .exempt)
        #expect(rules.decision(forRawPath: "/vx/status") != .exempt)
        #expect(rules.decision(forRawPath: "/nd/x") == .exempt)
        #expect(rules.decision(forRawPath: "/nb/x") != .exempt)
    }

    @Test func prefixRulesArePathPrefixes() throws {
        let rules = try Self.exemptions(["/assets/"])
        #expect(rules.decision(forRawPath: "/assets/") == .exempt)
        #expect(rules.decision(forRawPath: "/assets/app.js") == .exempt)
        #expect(rules.decision(forRawPath: "/assets") != .exempt)
        #expect(rules.decision(forRawPath: "/assets-private/keys.txt") != .exempt)
        #expect(rules.decision(forRawPath: "/assetsx/keys.txt") != .exempt)
    }

    @Test func questionMarksAndClassesWithoutAStarAreExact() throws {
        // Navigator only treats entries containing `*` as globs.
        let rules = try Self.exemptions(["/img/?.gif", "/v[0-9]"])
        #expect(rules.decision(forRawPath: "/img/a.gif") != .exempt)
        #expect(rules.decision(forRawPath: "/v7") != .exempt)
    }

    @Test func exactRules() throws {
        let rules = try Self.exemptions(["/login", "/favicon.ico"])
        #expect(rules.decision(forRawPath: "/login") == .exempt)
        #expect(rules.decision(forRawPath: "/login/") != .exempt)
        #expect(rules.decision(forRawPath: "/login2") != .exempt)
        #expect(rules.decision(forRawPath: "/favicon.ico") == .exempt)
    }

    @Test func authPatternsOffExemptAndRealmsName() throws {
        let rules = try Self.exemptions([], patterns: [("^/admin", "Admin Area"), ("^/admin/health$", "off"), ("/api/", "API")])
        #expect(rules.decision(forRawPath: "/admin/health") == .exempt)
        #expect(rules.decision(forRawPath: "/admin/users") == .protected(realm: "Admin Area"))
        #expect(rules.decision(forRawPath: "/v1/api/x") == .protected(realm: "API"))
        #expect(rules.decision(forRawPath: "/other") == .protected(realm: "Restricted"))
    }

    @Test func patternsAreUnanchoredRegexes() throws {
        let rules = try Self.exemptions([], patterns: [("\\.well-known", "off")])
        #expect(rules.decision(forRawPath: "/x/.well-known/acme") == .exempt)
    }

    /// Paths that try to reach something protected while looking like something public.
    @Test(arguments: [
        "/assets/%2e%2e/secret.txt", "/assets/%2E%2E/secret.txt", "/assets/../secret.txt", "/assets/./../secret.txt",
        "/assets/..%2fsecret.txt", "/assets%2f..%2fsecret.txt", "/assets/%2e%2e%2fsecret.txt", "/assets%2Fapp.js",
        "/assets//../secret.txt", "//assets/../secret.txt", "/assets/x/..", "/assets/.",
        "/assets;/app.js", "/assets/app.js;/../../secret", "/secret.txt;.css", "/secret;x.css", "/secret.txt%3Bx.css",
        "/secret%3F.css", "/secret%23.css", "/secret.txt%00.css", "/assets/%252e%252e/secret.txt",
        "/ASSETS/app.js", "/Assets/app.js", "/SECRET.CSS",
        "/secret.txt.", "/assets./app.js", "/assets/app.js%20", "/assets\\..\\secret.txt", "/assets/%5c../secret.txt",
        "/assets-private/keys.txt", "/assets", "/login/", "/login%2F", "/%6cogin/..", "/login/.",
    ])
    func bypassAttemptsStayProtected(path: String) throws {
        let rules = try Self.exemptions(["/assets/", "*.css", "/login", "/img/*.png"])
        #expect(rules.decision(forRawPath: path) == .protected(realm: "Restricted"), "\(path) was exempted")
    }

    @Test func canonicalPathsStillMatchAfterDecoding() throws {
        let rules = try Self.exemptions(["/assets/", "/login"])
        #expect(rules.decision(forRawPath: "/%61ssets/app.js") == .exempt)
        #expect(rules.decision(forRawPath: "/assets/caf%C3%A9.png") == .exempt)
        #expect(rules.decision(forRawPath: "/%6cogin") == .exempt)
    }

    @Test func canonicalForm() {
        #expect(AuthRequestPath.canonical("/") == "/")
        #expect(AuthRequestPath.canonical("/a/b/") == "/a/b/")
        #expect(AuthRequestPath.canonical("/a%20b") == "/a b")
        #expect(AuthRequestPath.canonical("") == nil)
        #expect(AuthRequestPath.canonical("a/b") == nil)
        #expect(AuthRequestPath.canonical("/a//b") == nil)
        #expect(AuthRequestPath.canonical("/a/%zz") == nil)
        #expect(AuthRequestPath.canonical("/a/%2") == nil)
        #expect(AuthRequestPath.canonical("/%ff") == nil)
        #expect(AuthRequestPath.canonical("/.hidden") == "/.hidden")
        #expect(AuthRequestPath.canonical("/...") == nil)
    }

    @Test func globEdgeCases() {
        #expect(GlobPattern("/a/*").matches("/a/"))
        #expect(GlobPattern("/a/\\*").matches("/a/*"))
        #expect(!GlobPattern("/a/\\*").matches("/a/b"))
        #expect(!GlobPattern("/a/[").matches("/a/["))
        #expect(!GlobPattern("/a/[]]").matches("/a/]"))
        #expect(GlobPattern("/*/x").matches("/y/x"))
        #expect(!GlobPattern("/*/x").matches("/y/z/x"))
        #expect(GlobPattern("*").matches("abc"))
        #expect(!GlobPattern("*").matches("/abc"))
    }
}
