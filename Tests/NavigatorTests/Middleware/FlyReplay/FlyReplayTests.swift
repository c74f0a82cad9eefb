import Foundation
import HTTPTypes
import NIOCore
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Testing

@testable import Navigator

/// F12 + D3 through the real pipeline: exact bodies and headers, skips, maintenance on failed or retried replays.
@Suite struct FlyReplayTests {
    /// A configuration with `rules` (and a maintenance page file), plus its access log.
    struct Setup {
        let log = LineCollector()
        let directory = FileManager.default.temporaryDirectory.path + "/navigator-fly-" + UUID().uuidString
        var configuration = NavigatorConfiguration()

        init(_ rules: [FlyReplayRule], configure: (inout NavigatorConfiguration) -> Void = { _ in }) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try "<h1>replay failed</h1>".write(toFile: directory + "/503.html", atomically: true, encoding: .utf8)
            configuration.routes.flyReplay = rules
            configuration.maintenance = MaintenanceSettings(enabled: false, page: directory + "/503.html")
            configure(&configuration)
        }

        func app() throws -> TestApp {
            try TestApplication.make(configuration: configuration, services: TestApplication.services(accessLog: log))
        }

        func lastLine() throws -> LoggedLine { try LoggedLine(try #require(log.lines.last)) }
    }

    static func rule(_ pattern: String, _ target: FlyReplayRule.Target, status: Int = 307, methods: [String] = []) throws -> FlyReplayRule {
        FlyReplayRule(pattern: try PathPattern(pattern), target: target, status: status, methods: methods)
    }

    @Test func appRule() async throws {
        let setup = try Setup([try Self.rule("^/other/", .app("other-app"))])
        try await setup.app().test(.router) { client in
            let response = try await client.execute(uri: "/other/page?x=1", method: .get)
            #expect(response.status == .temporaryRedirect)
            #expect(response.header("Content-Type") == "application/vnd.fly.replay+json")
            #expect(response.text == #"{"app":"other-app"}"#)
            #expect(response.header("Content-Length") == "19")
        }
        let line = try setup.lastLine()
        #expect(line.string("response_type") == "fly-replay")
        #expect(line.string("destination") == "app=other-app")
        #expect(line.int("status") == 307)
    }

    @Test func regionRuleCarriesAuthorizationAndTheRetryMarker() async throws {
        let setup = try Setup([try Self.rule("^/ord/", .region("ord"), status: 409)])
        try await setup.app().test(.router) { client in
            let plain = try await client.execute(uri: "/ord/x", method: .get)
            #expect(plain.status.code == 409)
            #expect(plain.text == #"{"fallback":"force_self","region":"ord","timeout":"30s","transform":{"set_headers":[{"name":"X-Navigator-Retry","value":"true"}]}}"#)
            let authorized = try await client.execute(uri: "/ord/x", method: .delete, headers: [.authorization: "Basic YTpi<&>"])
            #expect(authorized.text == #"{"fallback":"force_self","region":"ord","timeout":"30s","transform":{"set_headers":[{"name":"X-Navigator-Retry","value":"true"},{"name":"Authorization","value":"Basic YTpi\u003c\u0026\u003e"}]}}"#)
        }
        #expect(try setup.lastLine().string("destination") == "ord")
    }

    @Test func machineRule() throws {
        let here = FlyReplayAnswer(rule: try Self.rule("^/", .machine(id: "m123", app: nil)), maintenance: .builtIn, currentApp: "home")
        #expect(here.json(authorization: nil).encoded
            == #"{"app":"home","fallback":"force_self","prefer_instance":"m123","timeout":"30s","transform":{"set_headers":[{"name":"X-Navigator-Retry","value":"true"}]}}"#)
        #expect(here.destination == "machine=m123:home")
        let elsewhere = FlyReplayAnswer(rule: try Self.rule("^/", .machine(id: "m9", app: "billing")), maintenance: .builtIn, currentApp: "home")
        #expect(elsewhere.json(authorization: "x").encoded == #"{"app":"billing","fallback":"force_self","prefer_instance":"m9","timeout":"30s"}"#)
        #expect(elsewhere.destination == "machine=m9:billing")
    }

    @Test func machineRuleTakesTheAppFromTheEnvironment() async throws {
        var configuration = NavigatorConfiguration()
        configuration.routes.flyReplay = [try Self.rule("^/m$", .machine(id: "abc", app: nil))]
        let steps = FlyReplaySteps.steps(for: configuration, environment: ["FLY_APP_NAME": "from-env"])
        let app = TestApplication.make(middlewares: [NamedMiddleware("rules", RouteRulesMiddleware(steps: steps))])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/m", method: .get)
            #expect(response.text.contains(#""app":"from-env""#))
        }
    }

    @Test func bigOrUnsizedBodiesSkipTheRule() async throws {
        let setup = try Setup([try Self.rule("^/up", .app("uploads"))])
        try await setup.app().test(.router) { client in
            let big = try await client.execute(uri: "/up", method: .post, headers: [.contentLength: "1048576"])
            #expect(big.status == .notFound)
            let justUnder = try await client.execute(
                uri: "/up", method: .post, body: ByteBuffer(repeating: 1, count: 1_048_575))
            #expect(justUnder.status == .temporaryRedirect)
            for method in [HTTPRequest.Method.post, .put, .patch] {
                let chunked = try await client.execute(uri: "/up", method: method, headers: [.transferEncoding: "chunked"])
                #expect(chunked.status == .notFound, "\(method)")
            }
            let chunkedDelete = try await client.execute(uri: "/up", method: .delete, headers: [.transferEncoding: "chunked"])
            #expect(chunkedDelete.status == .temporaryRedirect)
            let get = try await client.execute(uri: "/up", method: .get)
            #expect(get.status == .temporaryRedirect)
        }
    }

    @Test func failedOrRetriedReplaysGetTheMaintenancePage() async throws {
        let setup = try Setup([try Self.rule("^/r", .region("syd"))])
        try await setup.app().test(.router) { client in
            let failed = try await client.execute(uri: "/r", method: .get, headers: [Self.name("Fly-Replay-Failed"): "timeout"])
            #expect(failed.status == .serviceUnavailable)
            #expect(failed.text == "<h1>replay failed</h1>")
            #expect(failed.header("Cache-Control") == "no-cache, no-store, must-revalidate")
            let retried = try await client.execute(uri: "/r", method: .get, headers: [Self.name("X-Navigator-Retry"): "true"])
            #expect(retried.status == .serviceUnavailable)
            let notARetry = try await client.execute(uri: "/r", method: .get, headers: [Self.name("X-Navigator-Retry"): "false"])
            #expect(notARetry.status == .temporaryRedirect)
        }
        #expect(try setup.lastLine().string("response_type") == "fly-replay")
        #expect(try LoggedLine(setup.log.lines[0]).string("response_type") == "maintenance")
    }

    @Test func methodsFilter() async throws {
        let setup = try Setup([try Self.rule("^/api", .app("api"), methods: ["GET", "HEAD"])])
        try await setup.app().test(.router) { client in
            let get = try await client.execute(uri: "/api/x", method: .get)
            #expect(get.status == .temporaryRedirect)
            let head = try await client.execute(uri: "/api/x", method: .head)
            #expect(head.status == .temporaryRedirect)
            #expect(head.body.readableBytes == 0)
            let post = try await client.execute(uri: "/api/x", method: .post)
            #expect(post.status == .notFound)
        }
    }

    @Test func placeInTheRuleList() async throws {
        let setup = try Setup([try Self.rule("^/moved$", .app("a")), try Self.rule("^/t$", .app("tenant-app"))]) { configuration in
            configuration.routes.rules = [
                RouteRule(pattern: try! PathPattern("^/old$"), replacement: "/moved", kind: .rewrite),
                RouteRule(pattern: try! PathPattern("^/gone$"), replacement: "/elsewhere", kind: .redirect(status: 302)),
            ]
            configuration.routes.flyReplay.append(try! Self.rule("^/gone$", .app("never")))
            configuration.applications.tenants = [
                TenantSpec(path: "/t/", name: "t", root: "/tmp", command: AppCommand(executable: "true", arguments: [])),
            ]
        }
        try await setup.app().test(.router) { client in
            // A rewrite feeds a later fly-replay rule.
            let rewritten = try await client.execute(uri: "/old", method: .get)
            #expect(rewritten.text == #"{"app":"a"}"#)
            // Redirects come first.
            let redirected = try await client.execute(uri: "/gone", method: .get)
            #expect(redirected.status == .found)
            // Fly-Replay comes before the generated tenant slash redirect.
            let tenant = try await client.execute(uri: "/t", method: .get)
            #expect(tenant.text == #"{"app":"tenant-app"}"#)
        }
    }

    @Test func authComesFirst() async throws {
        let setup = try Setup([try Self.rule("^/", .app("a"))]) { configuration in
            let htpasswd = FileManager.default.temporaryDirectory.path + "/fly-htpasswd-" + UUID().uuidString
            try! "u:{PLAIN}p\n".write(toFile: htpasswd, atomically: true, encoding: .utf8)
            configuration.auth = AuthSettings(enforced: true, htpasswdPath: htpasswd)
        }
        try await setup.app().test(.router) { client in
            let anonymous = try await client.execute(uri: "/x", method: .get)
            #expect(anonymous.status == .unauthorized)
            let user = try await client.execute(uri: "/x", method: .get, headers: [.authorization: Base64Text.basic("u", "p")])
            #expect(user.status == .temporaryRedirect)
        }
    }

    @Test func goJSONEscaping() {
        #expect(GoJSON.quote("a\"b\\c\n<&>\u{1}\u{2028}é") == #""a\"b\\c\n\u003c\u0026\u003e\u0001\u2028é""#)
        #expect(GoJSON.object(["b": .string("1"), "a": .array([]), "B": .string("2")]).encoded == #"{"B":"2","a":[],"b":"1"}"#)
    }

    static func name(_ text: String) -> HTTPField.Name { HTTPField.Name(text)! }
}
