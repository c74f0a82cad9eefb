import Foundation
import NavigatorConfig
import NavigatorTestSupport
import NavigatorCore
import Testing

@testable import Navigator
import HTTPTypes
import NIOCore

/// F13 through the real pipeline, and the reusable `MaintenancePage`.
@Suite struct MaintenanceMiddlewareTests {
    /// Checks the headers every maintenance answer carries.
    static func expectMaintenanceHeaders(_ response: TestResponse) {
        #expect(response.status == .serviceUnavailable)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("Cache-Control") == "no-cache, no-store, must-revalidate")
        #expect(response.header("Pragma") == "no-cache")
        #expect(response.header("Expires") == "0")
    }

    @Test func servesThePageFileWith503() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        let page = try fixture.file("503.html", "<h1>Back soon</h1>")
        var config = fixture.configuration()
        config.maintenance = MaintenanceSettings(enabled: true, page: page)
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            for uri in ["/", "/tenant/page", "/api?x=1"] {
                let response = try await client.execute(uri: uri, method: .get)
                Self.expectMaintenanceHeaders(response)
                #expect(response.text == "<h1>Back soon</h1>")
                #expect(response.header("X-Record-Type") == "maintenance")
            }
            let head = try await client.execute(uri: "/", method: .head)
            Self.expectMaintenanceHeaders(head)
            #expect(head.body.readableBytes == 0)
            #expect(head.header("Content-Length") == "18")
        }
    }

    @Test func aMissingPageFallsBackToTheBuiltInPage() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        var config = fixture.configuration()
        config.maintenance = MaintenanceSettings(enabled: true, page: fixture.publicDir + "/503.html")
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/anything", method: .post)
            Self.expectMaintenanceHeaders(response)
            #expect(response.text.contains("Service Temporarily Unavailable"))
            #expect(response.text.contains("Error 503"))
        }
    }

    @Test func staticFilesAndTryFilesStillWorkInMaintenance() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("app.css", "css")
        try fixture.file("about.html", "about")
        var config = fixture.configuration { $0.tryFiles = [".html"] }
        config.maintenance = MaintenanceSettings(enabled: true, page: fixture.publicDir + "/503.html")
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let css = try await client.execute(uri: "/app.css", method: .get)
            let about = try await client.execute(uri: "/about", method: .get)
            let missing = try await client.execute(uri: "/missing.css", method: .get)
            #expect(css.status == .ok)
            #expect(about.text == "about")
            #expect(missing.status == .serviceUnavailable)
        }
    }

    @Test func disabledMaintenanceIsLeftOut() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        var config = fixture.configuration()
        config.maintenance = MaintenanceSettings(enabled: false, page: fixture.publicDir + "/503.html")
        let names = try PipelineBuilder.middlewares(for: config, services: TestApplication.services()).map(\.name)
        #expect(!names.contains("maintenance"))
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/x", method: .get)
            #expect(response.status == .notFound)
        }
    }

    @Test func thePageIsReadOncePerGeneration() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        let page = try fixture.file("maintenance.html", "first")
        var config = fixture.configuration()
        config.maintenance = MaintenanceSettings(enabled: true, page: page)
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            try fixture.file("maintenance.html", "second")
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.text == "first")
        }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.text == "second")
        }
    }

    @Test func otherStagesCanAnswerWithThePage() async throws {
        let custom = MaintenancePage(html: "<p>starting</p>")
        struct StartupTimeout: NavigatorMiddleware {
            let page: MaintenancePage
            func handle(
                _ request: Request, context: NavigatorRequestContext,
                next: NextHandler
            ) async throws -> Response {
                MaintenancePage.response(page: page, request: request, context: context)
            }
        }
        let app = TestApplication.make(middlewares: [
            NamedMiddleware("record-echo", RecordEcho()), NamedMiddleware("timeout", StartupTimeout(page: custom)),
        ])
        try await app.test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/", method: .get)
            Self.expectMaintenanceHeaders(response)
            #expect(response.text == "<p>starting</p>")
            #expect(response.header("X-Record-Type") == "maintenance")
        }
        #expect(String(buffer: MaintenancePage.builtIn.body).contains("Error 503"))
        #expect(String(buffer: MaintenancePage.load(path: "/nonexistent/503.html").body).contains("Error 503"))
    }
}
