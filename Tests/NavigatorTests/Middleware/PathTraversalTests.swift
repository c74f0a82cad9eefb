import Foundation
import NavigatorConfig
import NavigatorTestSupport
import Testing

@testable import Navigator
import HTTPTypes
import NavigatorCore
import NIOCore

/// Path safety of the static and try_files stages: no request form may serve a file outside `public_dir`.
///
/// The fixture puts `secret.txt` next to `public/`, exactly where `public/../secret.txt` lands.
@Suite struct PathTraversalTests {
    /// Every form, run in process and over a real socket (where the bytes go on the wire as written).
    @Test(arguments: [false, true])
    func noFormReachesTheSecretOutsidePublic(live: Bool) async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("hello.txt", "hello")
        try fixture.file("sub/inner.txt", "inner")
        let config = fixture.configuration { $0.tryFiles = [".txt", ""] }
        // (request target, expected status): 400 where Navigator answers `invalid URL path`, else a fall-through 404.
        let forms: [(String, HTTPResponse.Status)] = [
            ("/../secret.txt", .badRequest),
            ("/%2e%2e/secret.txt", .badRequest),
            ("/%2E%2e/secret.txt", .badRequest),
            ("/..%2fsecret.txt", .badRequest),
            ("/..%2Fsecret.txt", .badRequest),
            ("/sub/..%2f..%2fsecret.txt", .badRequest),
            ("/%2f../secret.txt", .badRequest),
            ("/sub/../../secret.txt", .badRequest),
            ("/x/../hello.txt", .badRequest),
            ("/../secret", .badRequest),
            ("/%2e%2e/secret", .badRequest),
            ("/..%2fsecret", .badRequest),
            ("/../missing.txt", .notFound),
            ("/../../../../../../etc/no-such-file.txt", .notFound),
            ("/%252e%252e/secret.txt", .notFound),
            ("/%252e%252e%252fsecret.txt", .notFound),
            ("/..%5csecret.txt", .notFound),
            ("/..%5Csecret", .notFound),
            ("/sub%5c..%5c..%5csecret.txt", .notFound),
            ("/secret.txt%00.css", .notFound),
            ("/hello.txt%00", .notFound),
            ("/%00../secret.txt", .notFound),
            ("/%zz/../secret.txt", .notFound),
            ("//secret.txt", .notFound),
            ("//etc/passwd", .notFound),
            ("/\(fixture.root)/secret.txt", .notFound),
            ("/\(fixture.root)/secret", .notFound),
            ("//\(fixture.root)/secret.txt", .notFound),
        ]
        // A raw backslash is refused by the live test client itself, so it is sent in process only.
        let allForms = live ? forms : forms + [("/..\\secret.txt", .notFound), ("/sub\\..\\..\\secret.txt", .notFound)]
        try await fixture.recordingApplication(config).test(live ? .live : .router) { (client) async throws in
            for (uri, expected) in allForms {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == expected, "\(uri)")
                #expect(!response.text.contains(StaticFilesFixture.secret), "\(uri) leaked the secret")
                if expected == .badRequest {
                    #expect(response.text == "invalid URL path\n", "\(uri)")
                    #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
                }
            }
        }
    }

    @Test func anAbsoluteFormTargetIsStillConfined() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "http://localhost/%2e%2e/secret.txt", method: .get)
            #expect(response.status == .badRequest)
            #expect(!response.text.contains(StaticFilesFixture.secret))
        }
    }

    @Test func doubleEncodingDecodesOnceToALiteralName() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("%2e%2e/secret.txt", "a literal directory named %2e%2e")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/%252e%252e/secret.txt", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == "a literal directory named %2e%2e")
        }
    }

    @Test func aFileWhoseNameHasABackslashIsNeverServed() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("..\\secret.txt", "inside, but named with a backslash")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/..%5csecret.txt", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/..\\secret.txt", method: .get).status == .notFound)
        }
    }

    @Test func symlinksLeadingOutsidePublicAreNotServed() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("hello.txt", "hello")
        try fixture.symlink("link.txt", to: fixture.root + "/secret.txt")
        try fixture.symlink("escape", to: fixture.root)
        try fixture.symlink("relative.txt", to: "../secret.txt")
        try fixture.symlink("alias.txt", to: fixture.publicDir + "/hello.txt")
        let config = fixture.configuration { $0.tryFiles = [".txt"] }
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            for uri in ["/link.txt", "/escape/secret.txt", "/relative.txt", "/link", "/escape/secret"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(!response.text.contains(StaticFilesFixture.secret), "\(uri) leaked the secret")
            }
            let alias = try await client.execute(uri: "/alias.txt", method: .get)
            #expect(alias.status == .ok)
            #expect(alias.text == "hello")
        }
    }

    @Test func aPublicDirReachedThroughASymlinkStillServes() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("hello.txt", "hello")
        let linked = fixture.root + "/current"
        try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: fixture.publicDir)
        var config = fixture.configuration()
        config.server.staticFiles.publicDir = linked
        try await fixture.recordingApplication(config).test(.router) { (client) async throws in
            #expect(try await client.execute(uri: "/hello.txt", method: .get).text == "hello")
            #expect(try await client.execute(uri: "/../secret.txt", method: .get).status == .badRequest)
        }
    }

    @Test func theBadRequestIsRecordedAsStatic() async throws {
        let fixture = try StaticFilesFixture()
        defer { fixture.remove() }
        try fixture.file("hello.txt", "hello")
        try await fixture.recordingApplication(fixture.configuration()).test(.router) { (client) async throws in
            let response = try await client.execute(uri: "/x/../hello.txt", method: .get)
            #expect(response.status == .badRequest)
            #expect(response.header("X-Record-Type") == "static")
            #expect(response.header("X-Record-File") == fixture.publicDir + "/hello.txt")
        }
    }
}
