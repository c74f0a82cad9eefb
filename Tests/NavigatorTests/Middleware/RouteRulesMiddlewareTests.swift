import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Testing

@Suite struct RouteRulesMiddlewareTests {
    /// Sends one request through the rules (then the probe) and returns the response.
    func send(
        _ uri: String, method: HTTPRequest.Method = .get, rules: [RouteRule] = [], tenants: [String] = [],
        rootPath: String = "", probe: RequestProbe = RequestProbe()
    ) async throws -> TestResponse {
        let configuration = RoutingHarness.configuration(rules: rules, tenants: tenants, rootPath: rootPath)
        let app = try RoutingHarness.rulesApp(configuration: configuration, probe: probe)
        return try await app.test(.router) { client in try await client.execute(uri: uri, method: method) }
    }

    @Test func redirectAnswersGoStyleForGet() async throws {
        let response = try await send("/old/page?x=1", rules: [try RoutingHarness.redirect("^/old/(.*)$", "/new/$1")])
        #expect(response.status == .found)
        #expect(response.headers[.location] == "/new/page")
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        #expect(String(buffer: response.body) == "<a href=\"/new/page\">Found</a>.\n\n")
    }

    @Test func headGetsTheTypeWithoutBodyAndPostGetsNeither() async throws {
        let rules = [try RoutingHarness.redirect("^/old$", "/new")]
        let head = try await send("/old", method: .head, rules: rules)
        #expect(head.status == .found)
        #expect(head.headers[.location] == "/new")
        #expect(head.headers[.contentType] == "text/html; charset=utf-8")
        #expect(head.body.readableBytes == 0)
        let post = try await send("/old", method: .post, rules: rules)
        #expect(post.status == .found)
        #expect(post.headers[.location] == "/new")
        #expect(post.headers[.contentType] == nil)
        #expect(post.body.readableBytes == 0)
    }

    @Test(arguments: [(301, "Moved Permanently"), (303, "See Other"), (307, "Temporary Redirect"), (308, "Permanent Redirect")])
    func configuredStatusAndItsText(status: Int, text: String) async throws {
        let response = try await send("/p", rules: [try RoutingHarness.redirect("^/p$", "/q", status: status)])
        #expect(response.status.code == status)
        #expect(String(buffer: response.body) == "<a href=\"/q\">\(text)</a>.\n\n")
    }

    @Test(arguments: [
        ("^/u/(\\d+)$", "/users/$1", "/u/7", "/users/7"),
        ("^/u/(\\d+)$", "/users/${1}/x", "/u/7", "/users/7/x"),
        ("^/u/(?P<id>\\d+)$", "/users/$id", "/u/7", "/users/7"),
        ("^/u/(?P<id>\\d+)$", "/users/${id}", "/u/7", "/users/7"),
        ("^/u/(\\d+)$", "/users/$1x", "/u/7", "/users/"),
        ("a", "b", "/a/a", "/b/b"),
        ("^/price$", "/cost$$", "/price", "/cost$"),
    ])
    func locationUsesGoTemplates(pattern: String, target: String, path: String, location: String) async throws {
        let response = try await send(path, rules: [try RoutingHarness.redirect(pattern, target)])
        #expect(response.headers[.location] == location)
    }

    @Test(arguments: [
        ("^/docs/old$", "new", "/docs/old", "/docs/new"),
        ("^/docs/sub/old$", "../up/", "/docs/sub/old", "/docs/up/"),
        ("^/x$", "https://example.com/x?y=1", "/x", "https://example.com/x?y=1"),
        ("^/x$", "/y?keep=target", "/x?dropped=request", "/y?keep=target"),
    ])
    func targetsResolveLikeGoRedirect(pattern: String, target: String, uri: String, location: String) async throws {
        let response = try await send(uri, rules: [try RoutingHarness.redirect(pattern, target)])
        #expect(response.headers[.location] == location)
    }

    @Test func hrefIsEscapedAndLocationHexEscaped() async throws {
        let response = try await send("/caf%C3%A9", rules: [try RoutingHarness.redirect("^/café$", "/q?a=1&b=\"é\"")])
        #expect(response.headers[.location] == "/q?a=1&b=\"%c3%a9\"")
        #expect(String(buffer: response.body) == "<a href=\"/q?a=1&amp;b=&#34;é&#34;\">Found</a>.\n\n")
    }

    @Test func rewritesChainKeepTheQueryAndReachLaterStages() async throws {
        let probe = RequestProbe()
        let rules = [try RoutingHarness.rewrite("^/a/(.*)$", "/b/$1"), try RoutingHarness.rewrite("^/b/(.*)$", "/c/$1 z")]
        let response = try await send("/a/x?k=v&w", rules: rules, probe: probe)
        #expect(response.status == .ok)
        let sighting = try #require(probe.sightings.first)
        #expect(sighting.path == "/c/x%20z")
        #expect(sighting.query == "k=v&w")
    }

    @Test func aRewriteCannotTriggerAnEarlierRedirect() async throws {
        let probe = RequestProbe()
        let rules = [try RoutingHarness.redirect("^/b$", "/never"), try RoutingHarness.rewrite("^/a$", "/b")]
        let response = try await send("/a", rules: rules, probe: probe)
        #expect(response.status == .ok)
        #expect(probe.sightings.first?.path == "/b")
    }

    @Test func aRewriteCanTriggerTheTenantSlashRedirect() async throws {
        let response = try await send("/legacy?x=1", rules: [try RoutingHarness.rewrite("^/legacy$", "/app")], tenants: ["/app/"])
        #expect(response.status == .found)
        #expect(response.headers[.location] == "/app/")
    }

    @Test func tenantAndRootPathSlashRedirects() async throws {
        let tenants = ["/showcase/2025/boston/", "/v1.0/", "/"]
        let boston = try await send("/showcase/2025/boston", tenants: tenants, rootPath: "/showcase/")
        #expect(boston.status == .found)
        #expect(boston.headers[.location] == "/showcase/2025/boston/")
        let root = try await send("/showcase?x=1", tenants: tenants, rootPath: "/showcase/")
        #expect(root.headers[.location] == "/showcase/")
        // Matching is literal and anchored: `.` is not a wildcard, and longer paths pass.
        for uri in ["/v1x0", "/showcase/2025/boston/", "/showcase/2025/bostonx", "/"] {
            let response = try await send(uri, tenants: tenants, rootPath: "/showcase/")
            #expect(response.status == .ok, "\(uri)")
        }
        let dotted = try await send("/v1.0", tenants: tenants)
        #expect(dotted.headers[.location] == "/v1.0/")
    }

    @Test func matchesTheDecodedPath() async throws {
        let probe = RequestProbe()
        let response = try await send("/caf%C3%A9", rules: [try RoutingHarness.rewrite("^/café$", "/coffee")], probe: probe)
        #expect(response.status == .ok)
        #expect(probe.sightings.first?.path == "/coffee")
    }

    @Test func interceptorsAnswerOrDecline() async throws {
        let declined = RouteStep.intercept(pattern: try PathPattern("^/x"), handler: { _, _, _ in nil })
        let answered = RouteStep.intercept(pattern: try PathPattern("^/y"), handler: { request, _, path in
            Response(status: .accepted, body: ResponseBody(byteBuffer: ByteBuffer(string: path + " " + request.uri.path)))
        })
        let rewrite = RouteStep.step(for: try RoutingHarness.rewrite("^/x$", "/y z"))
        let probe = RequestProbe()
        let rules = RouteRulesMiddleware(steps: [declined, rewrite, declined, answered])
        let app = RoutingHarness.app(stages: [NamedMiddleware("rules", rules), probe.stage])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/x", method: .get)
            #expect(response.status == .accepted)
            #expect(String(buffer: response.body) == "/y z /y%20z")
            let other = try await client.execute(uri: "/q", method: .get)
            #expect(other.status == .ok)
        }
        #expect(probe.sightings.map(\.path) == ["/q"])
    }

    @Test func runsOfExactRedirectsBecomeOneLookUpInOrder() throws {
        let a = RouteStep.step(for: try RoutingHarness.redirect("^/a$", "/one"))
        let b = RouteStep.step(for: try RoutingHarness.redirect("^/b$", "/two"))
        let rewrite = RouteStep.step(for: try RoutingHarness.rewrite("^/w$", "/y"))
        let again = RouteStep.step(for: try RoutingHarness.redirect("^/a$", "/three"))
        let prefix = RouteStep.step(for: try RoutingHarness.redirect("^/p", "/q"))
        let shape = EvaluatedRouteStep.compile([a, b, rewrite, again, prefix, a, a]).map { entry -> [String] in
            switch entry {
            case .step(let step): return [step.pattern.source]
            case .exactRedirects(let table): return table.keys.sorted()
            }
        }
        #expect(shape == [["/a", "/b"], ["^/w$"], ["/a"], ["^/p"], ["/a"]])
        guard case .exactRedirects(let table) = EvaluatedRouteStep.compile([a, again])[0],
            case .redirect(let pattern, let target, _) = table["/a"]
        else { Issue.record("no table"); return }
        #expect(target.replaceAll(in: "/a", matches: pattern.allMatches(in: "/a"), groupNames: []) == "/one")
    }

    @Test func manyTenantsStillRedirectTheirBarePathsAndAnEarlierRuleWins() async throws {
        let tenants = (0..<50).map { "/t\($0)/" }
        let rules = [try RoutingHarness.redirect("^/t7$", "/elsewhere")]
        let bare = try await send("/t42", rules: rules, tenants: tenants)
        #expect(bare.status == .found)
        #expect(bare.headers[.location] == "/t42/")
        let earlier = try await send("/t7", rules: rules, tenants: tenants)
        #expect(earlier.headers[.location] == "/elsewhere")
        let probe = RequestProbe()
        let inside = try await send("/t42/x", rules: rules, tenants: tenants, probe: probe)
        #expect(inside.status == .ok)
        #expect(probe.sightings.map(\.path) == ["/t42/x"])
    }

    @Test func stepsAreInSpecOrder() throws {
        let configuration = RoutingHarness.configuration(
            rules: [try RoutingHarness.redirect("^/r$", "/x"), try RoutingHarness.rewrite("^/w$", "/y")],
            tenants: ["/t/"], rootPath: "/root/"
        )
        let sources = RouteStep.steps(for: configuration).map(\.pattern.source)
        #expect(sources == ["^/r$", "^/w$", "^/root$", "^/t$"])
        #expect(RouteRulesMiddleware.make(from: NavigatorConfiguration(), services: TestApplication.services()) == nil)
    }
}
