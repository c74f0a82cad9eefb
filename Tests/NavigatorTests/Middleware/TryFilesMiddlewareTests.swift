import Foundation
import NavigatorConfig
import NavigatorTestSupport
import Testing

@testable import Navigator
import HTTPTypes
import NavigatorCore
import NIOCore

/// F9 with D5 through the real pipeline: suffix order, plain concatenation, the trailing-slash redirect.
@Suite struct TryFilesMiddlewareTests {
    @Test func suffixesAreTriedInOrder() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("about.html", "html wins")
        try fixture.file("about.htm", "htm")
        try fixture.file("contact.htm", "only htm")
        let path = try fixture.file("feed.xml", "<feed/>")
        let config = fixture.configuration { $0.tryFiles = [".html", ".htm", ".xml"] }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let about = try await client.execute(uri: "/about", method: .get)
            #expect(about.status == .ok)
            #expect(about.text == "html wins")
            #expect(about.header("Content-Type") == "text/html; charset=utf-8")
            #expect(try await client.execute(uri: "/contact", method: .get).text == "only htm")
            let feed = try await client.execute(uri: "/feed", method: .get)
            #expect(feed.header("Content-Type") == "text/xml; charset=utf-8")
            #expect(feed.header("X-Record-Type") == "static")
            #expect(feed.header("X-Record-File") == path)
            #expect(try await client.execute(uri: "/nothing", method: .get).status == .notFound)
        }
    }

    @Test func candidatesArePlainConcatenation() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("docs/index.html", "docs index")
        try fixture.file("guideindex.html", "concatenated")
        try fixture.file("index.html", "home")
        let config = fixture.configuration { $0.tryFiles = ["index.html"] }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/docs/", method: .get).text == "docs index")
            #expect(try await client.execute(uri: "/", method: .get).text == "home")
            // `/docs` + `index.html` is `docsindex.html`, which does not exist.
            #expect(try await client.execute(uri: "/docs", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/guide", method: .get).text == "concatenated")
        }
    }

    @Test func pathsWithAnExtensionAreLeftAlone() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("report.v2.html", "would match")
        try fixture.file("dotted..html", "trailing dot")
        let config = fixture.configuration { $0.tryFiles = [".html"]; $0.allowedExtensions = ["css"] }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/report.v2", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/dotted.", method: .get).status == .notFound)
        }
    }

    @Test func allowedExtensionsAreNotConsulted() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("about.html", "about")
        let config = fixture.configuration { $0.tryFiles = [".html"]; $0.allowedExtensions = ["css"] }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/about", method: .get).text == "about")
            // The static stage itself still refuses the extension.
            #expect(try await client.execute(uri: "/about.html", method: .get).status == .notFound)
        }
    }

    @Test func rootPathIsStrippedAndCacheControlApplies() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("studios/millbrae.html", "millbrae")
        let config = fixture.configuration(rootPath: "/showcase/") {
            $0.tryFiles = [".html"]
            $0.cacheControl = CacheControlSettings(
                defaultMaxAge: .seconds(60), overrides: [CacheControlOverride(path: "/showcase/studios/", maxAge: .seconds(600))]
            )
        }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/showcase/studios/millbrae", method: .get)
            #expect(response.text == "millbrae")
            #expect(response.header("Cache-Control") == "public, max-age=600")
            let head = try await client.execute(uri: "/showcase/studios/millbrae", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.header("Content-Length") == "8")
        }
    }

    @Test func normalizeRedirectsADirectoryWithIndexAndDropsTheQuery() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("docs/index.html", "docs")
        try fixture.directory("empty")
        try fixture.file("docs.html", "sibling file")
        let config = fixture.configuration { $0.tryFiles = ["index.html", ".html"]; $0.normalizeTrailingSlashes = true }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/docs?page=2", method: .get)
            #expect(response.status == .movedPermanently)
            #expect(response.header("Location") == "/docs/")
            #expect(response.text == "<a href=\"/docs/\">Moved Permanently</a>.\n\n")
            #expect(response.header("X-Record-Type") == "redirect")
            #expect(response.header("X-Record-Destination") == "/docs/")
            // A doubled leading slash must not become a protocol-relative Location.
            #expect(try await client.execute(uri: "//docs", method: .get).header("Location") == "/docs/")
            #expect(try await client.execute(uri: "/docs/", method: .get).text == "docs")
            // A directory without index.html is not redirected; no suffix matches either.
            #expect(try await client.execute(uri: "/empty", method: .get).status == .notFound)
        }
    }

    @Test func withoutNormalizeADirectoryIsNotRedirected() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("docs/index.html", "docs")
        try fixture.file("docs.html", "sibling file")
        let config = fixture.configuration { $0.tryFiles = [".html"] }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/docs", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == "sibling file")
        }
    }

    @Test func emptyTryFilesLeavesTheStageOut() throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        let names = try PipelineBuilder.middlewares(
            for: fixture.configuration { $0.normalizeTrailingSlashes = true }, services: TestApplication.services()
        ).map(\.name)
        #expect(!names.contains("try-files"))
        #expect(names.contains("static"))
        let enabled = try PipelineBuilder.middlewares(
            for: fixture.configuration { $0.tryFiles = [".html"] }, services: TestApplication.services()
        ).map(\.name)
        let staticIndex = try #require(enabled.firstIndex(of: "static"))
        let tryFilesIndex = try #require(enabled.firstIndex(of: "try-files"))
        #expect(staticIndex < tryFilesIndex)
    }
}
