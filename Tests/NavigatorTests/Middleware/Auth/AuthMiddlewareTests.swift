import Foundation
import HTTPTypes
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Testing

@testable import Navigator
import NIOCore

/// F6 through the real pipeline: challenges, exemptions on the original path, bypass attempts against real
/// protected files, and what the access log records.
@Suite struct AuthMiddlewareTests {
    /// A public dir with protected and public files and an htpasswd file written by Apache's tool.
    struct Site {
        let fixture: StaticFilesFixture
        let htpasswd: String
        let log = LineCollector()

        init() throws {
            fixture = try StaticFilesFixture()
            try fixture.file("secret.txt", "PROTECTED")
            try fixture.file("assets/app.js", "PUBLIC-JS")
            try fixture.file("assets-private/keys.txt", "PRIVATE-KEYS")
            try fixture.file("styles/site.css", "PUBLIC-CSS")
            try fixture.file("login", "LOGIN-PAGE")
            htpasswd = fixture.root + "/htpasswd"
            let lines = [
                try ExternalTool.htpasswd(["-B", "-C", "4"], user: "alice", password: "alice-pw"),
                try ExternalTool.htpasswd(["-m"], user: "bob", password: "bob-pw"),
                try ExternalTool.htpasswd(["-s"], user: "carol", password: "carol-pw"),
            ]
            try (lines.joined(separator: "\n") + "\n").write(toFile: htpasswd, atomically: true, encoding: .utf8)
        }

        /// A configuration with auth on, the given exemptions, and `configure` applied.
        func configuration(
            publicPaths: [String] = ["/assets/", "*.css", "/login"], patterns: [(String, String)] = [],
            realm: String = "Restricted", configure: (inout NavigatorConfiguration) -> Void = { _ in }
        ) throws -> NavigatorConfiguration {
            var configuration = fixture.configuration()
            configuration.auth = AuthSettings(
                enforced: true, realm: realm, htpasswdPath: htpasswd, publicPaths: publicPaths,
                authPatterns: try patterns.map { AuthPattern(pattern: try PathPattern($0.0), action: $0.1) })
            configure(&configuration)
            return configuration
        }

        /// The full pipeline for `configuration`.
        func app(_ configuration: NavigatorConfiguration) throws -> TestApp {
            try TestApplication.make(configuration: configuration, services: TestApplication.services(accessLog: log))
        }

        /// The access-log lines so far.
        func logged() throws -> [LoggedLine] { try log.lines.map(LoggedLine.init) }
    }

    @Test func noCredentialsGets401WithChallenge() async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        try await site.app(try site.configuration()).test(.router) { client in
            let response = try await client.execute(uri: "/secret.txt", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.header("WWW-Authenticate") == "Basic realm=\"Restricted\"")
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.text == "Unauthorized\n")
        }
        let line = try #require(try site.logged().last)
        #expect(line.int("status") == 401)
        #expect(line.string("response_type") == "auth-failure")
        #expect(line.string("remote_user") == "-")
    }

    @Test func everyUserOfTheFileLogsIn() async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        try await site.app(try site.configuration()).test(.router) { client in
            for (user, password) in [("alice", "alice-pw"), ("bob", "bob-pw"), ("carol", "carol-pw")] {
                let response = try await client.execute(
                    uri: "/secret.txt", method: .get, headers: [.authorization: Base64Text.basic(user, password)])
                #expect(response.status == .ok, "\(user)")
                #expect(response.text == "PROTECTED")
                let wrong = try await client.execute(
                    uri: "/secret.txt", method: .get, headers: [.authorization: Base64Text.basic(user, password + "!")])
                #expect(wrong.status == .unauthorized, "\(user) with a wrong password")
            }
            let unknown = try await client.execute(
                uri: "/secret.txt", method: .get, headers: [.authorization: Base64Text.basic("mallory", "alice-pw")])
            #expect(unknown.status == .unauthorized)
        }
        let lines = try site.logged()
        #expect(lines.map { $0.string("remote_user") } == ["alice", "alice", "bob", "bob", "carol", "carol", "mallory"])
        #expect(lines.map { $0.int("status") } == [200, 401, 200, 401, 200, 401, 401])
        #expect(lines[1].string("response_type") == "auth-failure")
        #expect(lines[0].string("response_type") == "static")
    }

    @Test func publicPathsNeedNoCredentials() async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        try await site.app(try site.configuration()).test(.router) { client in
            let script = try await client.execute(uri: "/assets/app.js", method: .get)
            #expect(script.text == "PUBLIC-JS")
            let styles = try await client.execute(uri: "/styles/site.css", method: .get)
            #expect(styles.text == "PUBLIC-CSS")
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.status != .unauthorized)
        }
    }

    /// Every bypass attempt against the real protected files gets a 401 and never their contents.
    @Test(arguments: [
        "/assets/%2e%2e/secret.txt", "/assets/../secret.txt", "/assets/..%2fsecret.txt", "/assets%2f..%2fsecret.txt",
        "/assets//../secret.txt", "//secret.txt", "/assets/./../secret.txt", "/assets;/../secret.txt",
        "/secret.txt;.css", "/secret.txt%3B.css", "/secret.txt%00.css", "/ASSETS/../secret.txt", "/secret.txt.",
        "/assets-private/keys.txt", "/assets/%252e%252e/secret.txt", "/assets\\..\\secret.txt", "/login/../secret.txt",
    ])
    func bypassAttemptsAreRefused(path: String) async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        try await site.app(try site.configuration()).test(.router) { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .unauthorized, "\(path) → \(response.status)")
            #expect(!response.text.contains("PROTECTED") && !response.text.contains("PRIVATE-KEYS"))
        }
    }

    @Test func exemptionsUseTheOriginalPathNotTheRewrittenOne() async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        let configuration = try site.configuration { configuration in
            // A public-looking URL rewritten onto a protected file, and a protected URL rewritten onto a public one.
            configuration.routes.rules = [
                RouteRule(pattern: try! PathPattern("^/assets/peek$"), replacement: "/secret.txt", kind: .rewrite),
                RouteRule(pattern: try! PathPattern("^/private/app.js$"), replacement: "/assets/app.js", kind: .rewrite),
            ]
        }
        try await site.app(configuration).test(.router) { client in
            let peek = try await client.execute(uri: "/assets/peek", method: .get)
            // /assets/peek is public, so auth lets it through, and the rewrite serves the file: Navigator's rule.
            #expect(peek.status == .ok)
            let privateURL = try await client.execute(uri: "/private/app.js", method: .get)
            #expect(privateURL.status == .unauthorized)
        }
    }

    @Test func authPatternRealmsAndOff() async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        let configuration = try site.configuration(
            publicPaths: [], patterns: [("^/admin", "Admin Area"), ("^/status$", "off")], realm: "Main")
        try await site.app(configuration).test(.router) { client in
            let admin = try await client.execute(uri: "/admin/x", method: .get)
            #expect(admin.header("WWW-Authenticate") == "Basic realm=\"Admin Area\"")
            let other = try await client.execute(uri: "/secret.txt", method: .get)
            #expect(other.header("WWW-Authenticate") == "Basic realm=\"Main\"")
            let status = try await client.execute(uri: "/status", method: .get)
            #expect(status.status == .notFound)
        }
    }

    @Test func theRealmIsQuoted() {
        #expect(AuthMiddleware.challenge(realm: "a \"b\" \\c").headers[.wwwAuthenticate] == "Basic realm=\"a \\\"b\\\" \\\\c\"")
    }

    @Test func authOffMeansNoStage() throws {
        var configuration = NavigatorConfiguration()
        configuration.auth = AuthSettings(enforced: false, htpasswdPath: "/nonexistent")
        #expect(try AuthMiddleware.make(from: configuration, services: TestApplication.services()) == nil)
    }

    @Test func anUnreadableFileFailsThePipelineBuild() throws {
        var configuration = NavigatorConfiguration()
        configuration.auth = AuthSettings(enforced: true, htpasswdPath: "/nonexistent/htpasswd")
        #expect(throws: HtpasswdStore.LoadError.self) {
            _ = try PipelineBuilder.middlewares(for: configuration, services: TestApplication.services())
        }
    }

    @Test func aRemovedUserLosesAccessWithinASecondThroughThePipeline() async throws {
        let site = try Site()
        defer { site.fixture.remove() }
        try await site.app(try site.configuration()).test(.router) { client in
            let header: HTTPFields = [.authorization: Base64Text.basic("bob", "bob-pw")]
            let first = try await client.execute(uri: "/secret.txt", method: .get, headers: header)
            #expect(first.status == .ok)
            _ = try ExternalTool.run(["htpasswd", "-D", site.htpasswd, "bob"])
            let start = ContinuousClock.now
            var status = HTTPResponse.Status.ok
            while ContinuousClock.now - start < .seconds(3) {
                status = try await client.execute(uri: "/secret.txt", method: .get, headers: header).status
                if status == .unauthorized { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            // Only successful logins ran meanwhile, so the change was noticed by the watcher (D21), not by a failed
            // login as in Navigator. The 1 s bound comes from the 250 ms poll interval; timing is left to bench/.
            #expect(status == .unauthorized)
        }
    }
}
