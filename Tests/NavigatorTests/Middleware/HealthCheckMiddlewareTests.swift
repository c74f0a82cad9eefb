import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Testing

@Suite struct HealthCheckMiddlewareTests {
    /// The full pipeline for a configuration with `health` (and a catch-all redirect that must never see `/up`).
    func app(
        _ health: HealthCheckSettings?, tenantHandler: RequestHandler? = nil, log: LineCollector = LineCollector()
    ) throws -> TestApp {
        var configuration = RoutingHarness.configuration(rules: [try RoutingHarness.redirect("^/up", "/elsewhere")])
        configuration.server.healthCheck = health
        let services = PipelineServices(logger: TestApplication.logger, accessLogSink: log.sink, tenantHandler: tenantHandler)
        return try TestApplication.make(configuration: configuration, services: services)
    }

    @Test func syntheticDefaultsTo200TextPlain() async throws {
        let log = LineCollector()
        let app = try app(HealthCheckSettings(path: "/up", response: SyntheticResponse(body: "OK")), log: log)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/up", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain")
            #expect(String(buffer: response.body) == "OK")
        }
        let line = try LoggedLine(try #require(log.lines.first))
        #expect(line.int("status") == 200)
        #expect(line.string("response_type") == "health")
    }

    @Test func statusZeroMeansDefaultToo() {
        let response = HealthCheckMiddleware.response(for: SyntheticResponse(status: 0, body: "x"), method: .get)
        #expect(response.status == .ok)
    }

    @Test func configuredStatusHeadersAndContentTypeAreKept() async throws {
        let synthetic = SyntheticResponse(
            status: 503, body: "{\"ok\":false}",
            headers: [HeaderEntry("Content-Type", "application/json"), HeaderEntry("X-Health", "a"), HeaderEntry("X-Health", "b")]
        )
        let app = try app(HealthCheckSettings(path: "/health", response: synthetic))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status.code == 503)
            #expect(response.headers[values: .contentType] == ["application/json"])
            #expect(response.headers[values: HTTPField.Name("X-Health")!] == ["b"])
            #expect(String(buffer: response.body) == "{\"ok\":false}")
        }
    }

    @Test func matchesTheExactPathOnlyButIgnoresTheQuery() async throws {
        let app = try app(HealthCheckSettings(path: "/up", response: SyntheticResponse(body: "OK")))
        try await app.test(.router) { client in
            let withQuery = try await client.execute(uri: "/up?full=1", method: .get)
            #expect(withQuery.status == .ok)
            // Not the health path: the catch-all redirect rule answers instead.
            for uri in ["/up/", "/upstream"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .found, "\(uri)")
            }
            let upperCase = try await client.execute(uri: "/UP", method: .get)
            #expect(upperCase.status == .notFound)
        }
    }

    @Test func headGetsHeadersWithoutBody() async throws {
        let app = try app(HealthCheckSettings(path: "/up", response: SyntheticResponse(body: "healthy")))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/up", method: .head)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
            #expect(response.headers[.contentLength] == "7")
        }
    }

    @Test func withoutResponseAndWithoutTenantProxyItIs404() async throws {
        let health = HealthCheckMiddleware(path: "/up", action: .forward(nil))
        let probe = RequestProbe()
        let app = RoutingHarness.app(stages: [NamedMiddleware("health-check", health), probe.stage])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/up", method: .get)
            #expect(response.status == .notFound)
            #expect(String(buffer: response.body) == "404 page not found\n")
            let other = try await client.execute(uri: "/elsewhere", method: .get)
            #expect(other.status == .ok)
        }
        #expect(probe.sightings.map(\.path) == ["/elsewhere"])
    }

    @Test func withoutResponseTheTenantProxyAnswersBypassingLaterStages() async throws {
        let handler: RequestHandler = { request, context in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "tenant saw \(request.uri.path) \(context.requestID.count)")))
        }
        let app = try app(HealthCheckSettings(path: "/up"), tenantHandler: handler)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/up", method: .get)
            #expect(String(buffer: response.body) == "tenant saw /up 32")
            // Other paths never reach the tenant handler through this stage.
            let other = try await client.execute(uri: "/other", method: .get)
            #expect(other.status == .notFound)
        }
    }

    @Test func factoryIsNilWithoutAPath() {
        let services = TestApplication.services()
        #expect(HealthCheckMiddleware.make(from: NavigatorConfiguration(), services: services) == nil)
        var configuration = NavigatorConfiguration()
        configuration.server.healthCheck = HealthCheckSettings(path: "")
        #expect(HealthCheckMiddleware.make(from: configuration, services: services) == nil)
    }
}
