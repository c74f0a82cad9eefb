import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Testing
import NIOCore

@Suite struct RequestIDMiddlewareTests {
    @Test func generatesThirtyTwoHexCharactersAndForwardsThem() async throws {
        let probe = RequestProbe()
        let app = RoutingHarness.app(stages: [probe.stage])
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/a?x=1", method: .get)
            let second = try await client.execute(uri: "/b", method: .get)
            let sightings = probe.sightings
            #expect(sightings.count == 2)
            let id = try #require(sightings.first?.requestIDHeader)
            #expect(id.wholeMatch(of: /[0-9a-f]{32}/) != nil)
            #expect(sightings[0].contextRequestID == id)
            #expect(first.headers[RequestIDMiddleware.headerName] == id)
            #expect(second.headers[RequestIDMiddleware.headerName] == sightings[1].requestIDHeader)
            #expect(sightings[1].requestIDHeader != id)
        }
    }

    @Test func keepsAnExistingValueVerbatim() async throws {
        let probe = RequestProbe()
        let app = RoutingHarness.app(stages: [probe.stage])
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/a", method: .get, headers: [RequestIDMiddleware.headerName: "Upstream-ID/42"]
            )
            let sighting = try #require(probe.sightings.first)
            #expect(sighting.requestIDHeader == "Upstream-ID/42")
            #expect(sighting.contextRequestID == "Upstream-ID/42")
            #expect(response.headers[values: RequestIDMiddleware.headerName] == ["Upstream-ID/42"])
        }
    }

    @Test func replacesAnEmptyValue() async throws {
        let probe = RequestProbe()
        let app = RoutingHarness.app(stages: [probe.stage])
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/a", method: .get, headers: [RequestIDMiddleware.headerName: ""])
            let sighting = try #require(probe.sightings.first)
            #expect(sighting.requestIDHeader?.count == 32)
        }
    }

    @Test func recordsTheOriginalPathWithoutQueryEvenAfterARewrite() async throws {
        let probe = RequestProbe()
        let configuration = RoutingHarness.configuration(rules: [try RoutingHarness.rewrite("^/old/(.*)$", "/new/$1")])
        let app = try RoutingHarness.rulesApp(configuration: configuration, probe: probe)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/old/p%20q?x=1", method: .get)
            let sighting = try #require(probe.sightings.first)
            #expect(sighting.originalPath == "/old/p%20q")
            #expect(sighting.path == "/new/p%20q")
        }
    }

    @Test func keepsAnIdTheResponseAlreadyCarries() async throws {
        let stage = NamedMiddleware("upstream", ClosureStage { _, _ in
            Response(status: .ok, headers: [RequestIDMiddleware.headerName: "from-upstream"])
        })
        let app = RoutingHarness.app(stages: [stage])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.headers[values: RequestIDMiddleware.headerName] == ["from-upstream"])
        }
    }

    @Test func echoesTheIdOnErrorResponses() async throws {
        let app = RoutingHarness.app(stages: [])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/nothing", method: .get, headers: [RequestIDMiddleware.headerName: "abc"])
            #expect(response.status == .notFound)
            #expect(response.headers[RequestIDMiddleware.headerName] == "abc")
        }
    }

    @Test func randomIdentifiersDiffer() {
        let ids = Set((0..<100).map { _ in RequestIDMiddleware.randomIdentifier() })
        #expect(ids.count == 100)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    }
}
