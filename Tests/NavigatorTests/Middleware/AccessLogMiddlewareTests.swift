import Foundation
import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Testing

@Suite struct AccessLogMiddlewareTests {
    /// Runs one GET of `uri` through `stages` and returns the single access-log line.
    func logLine(
        uri: String = "/", method: HTTPRequest.Method = .get, headers: HTTPFields = [:],
        configuration: NavigatorConfiguration = NavigatorConfiguration(), stages: [NamedMiddleware]
    ) async throws -> (TestResponse, LoggedLine) {
        let log = LineCollector()
        let app = RoutingHarness.app(configuration: configuration, log: log, stages: stages)
        let response = try await app.test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: headers)
        }
        #expect(log.lines.count == 1)
        return (response, try LoggedLine(try #require(log.lines.first)))
    }

    @Test func okResponseHasEveryFieldInOrder() async throws {
        let probe = RequestProbe()
        let headers = headerFields([
            ("X-Request-Id", "rid-1"), ("Referer", "https://example.com/from"), ("User-Agent", "Mozilla/5.0 test"),
            ("Fly-Request-Id", "fly-9"),
        ])
        let (response, line) = try await logLine(uri: "/hello/w%C3%B6rld?a=1&b=%20", headers: headers, stages: [probe.stage])
        #expect(line.keys == accessLogBaseKeys)
        #expect(line.string("@timestamp") == RoutingHarness.timestamp)
        #expect(line.string("client_ip") == "")
        #expect(line.string("remote_user") == "-")
        #expect(line.string("method") == "GET")
        #expect(line.string("uri") == "/hello/wörld?a=1&b=%20")
        #expect(line.string("protocol") == "HTTP/1.1")
        #expect(line.int("status") == 200)
        #expect(line.int("body_bytes_sent") == response.body.readableBytes)
        #expect(response.body.readableBytes > 0)
        #expect(line.string("request_id") == "rid-1")
        #expect(line.string("request_time")?.wholeMatch(of: /\d+\.\d{3}/) != nil)
        #expect(line.string("referer") == "https://example.com/from")
        #expect(line.string("user_agent") == "Mozilla/5.0 test")
        #expect(line.string("fly_request_id") == "fly-9")
    }

    @Test func logsTheGeneratedRequestId() async throws {
        let (response, line) = try await logLine(stages: [RequestProbe().stage])
        let id = try #require(response.headers[RequestIDMiddleware.headerName])
        #expect(line.string("request_id") == id)
    }

    @Test func notFoundIsLoggedWithItsBodySizeAndANotFoundResponseType() async throws {
        let (response, line) = try await logLine(uri: "/missing", stages: [])
        #expect(response.status == .notFound)
        #expect(line.keys == accessLogBaseKeys + ["response_type"])
        #expect(line.string("response_type") == "not-found")
        #expect(line.int("status") == 404)
        #expect(line.int("body_bytes_sent") == 19)
    }

    @Test func thrownErrorIsLoggedAs500WithErrorFields() async throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "database exploded" } }
        let stage = NamedMiddleware("boom", ClosureStage { _, _ in throw Boom() })
        let (response, line) = try await logLine(uri: "/explode", stages: [stage])
        #expect(response.status == .internalServerError)
        #expect(line.keys == accessLogBaseKeys + ["response_type", "error_message"])
        #expect(line.int("status") == 500)
        #expect(line.int("body_bytes_sent") == "Internal Server Error\n".utf8.count)
        #expect(line.string("response_type") == "error")
        #expect(line.string("error_message") == "database exploded")
    }

    @Test func errorsThrownPastTheBoundaryAreLoggedAndRethrown() async throws {
        struct Boom: Error {}
        let log = LineCollector()
        let accessLog = AccessLogMiddleware(trustProxy: false, sink: log.sink, timestamp: { "t" })
        let app = TestApplication.make(middlewares: [
            NamedMiddleware("access-log", accessLog),
            NamedMiddleware("teapot", ClosureStage { _, _ in throw HTTPFailure(.init(code: 418), "short and stout") }),
        ])
        let thrower = TestApplication.make(middlewares: [
            NamedMiddleware("access-log", accessLog), NamedMiddleware("boom", ClosureStage { _, _ in throw Boom() }),
        ])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/tea", method: .get)
            #expect(response.status == .internalServerError)
        }
        try await thrower.test(.router) { client in
            let response = try await client.execute(uri: "/boom", method: .post)
            // Nothing turned the error into a response, so the framework answered 500: the error was rethrown.
            #expect(response.status == .internalServerError)
            #expect(response.body.readableBytes == 0)
        }
        let lines = try log.lines.map(LoggedLine.init)
        #expect(lines.count == 2)
        #expect(lines.first?.int("status") == 500)
        #expect(lines.first?.string("error_message")?.contains("short and stout") == true)
        #expect(lines.last?.int("status") == 500)
        #expect(lines.last?.string("method") == "POST")
        #expect(lines.last?.string("response_type") == "error")
    }

    @Test func redirectIsLoggedWithTypeAndDestination() async throws {
        let configuration = RoutingHarness.configuration(rules: [try RoutingHarness.redirect("^/old$", "/new")])
        let log = LineCollector()
        let app = try RoutingHarness.rulesApp(configuration: configuration, log: log)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/old?q=1", method: .get)
        }
        let line = try LoggedLine(try #require(log.lines.first))
        #expect(line.keys == accessLogBaseKeys + ["response_type", "destination"])
        #expect(line.int("status") == 302)
        #expect(line.string("uri") == "/old?q=1")
        #expect(line.string("response_type") == "redirect")
        #expect(line.string("destination") == "/new")
    }

    @Test func recordedFieldsAppearInOrderAndStatusOverrideWins() async throws {
        let stage = NamedMiddleware("static-like", ClosureStage { _, context in
            context.record.update {
                $0.errorMessage = "partial"
                $0.filePath = "/srv/public/app.css"
                $0.proxyBackend = "tenant:a"
                $0.destination = "somewhere"
                $0.responseType = "static"
                $0.tenant = "2025/boston"
                $0.statusOverride = 499
            }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "body{}")))
        })
        let (_, line) = try await logLine(uri: "/app.css", stages: [stage])
        #expect(line.keys == accessLogBaseKeys + ["tenant", "response_type", "destination", "proxy_backend", "file_path", "error_message"])
        #expect(line.int("status") == 499)
        #expect(line.int("body_bytes_sent") == 6)
        #expect(line.string("tenant") == "2025/boston")
        #expect(line.string("file_path") == "/srv/public/app.css")
    }

    @Test func uriShowsTheRewrittenPathWithTheQuery() async throws {
        let configuration = RoutingHarness.configuration(rules: [try RoutingHarness.rewrite("^/a/(.*)$", "/b/$1")])
        let log = LineCollector()
        let app = try RoutingHarness.rulesApp(configuration: configuration, log: log)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/a/x%20y?k=v", method: .get)
        }
        let line = try LoggedLine(try #require(log.lines.first))
        #expect(line.string("uri") == "/b/x y?k=v")
        #expect(line.int("status") == 200)
    }

    @Test(arguments: [
        ([("Authorization", "Basic " + Data("alice:secret".utf8).base64EncodedString())], nil as String?, "alice"),
        ([("Authorization", "bAsIc " + Data("bob:pw:with:colons".utf8).base64EncodedString())], nil, "bob"),
        ([("Authorization", "Basic " + Data("nocolon".utf8).base64EncodedString()), ("X-Remote-User", "carol")], nil, "carol"),
        ([("Authorization", "Bearer token"), ("X-Remote-User", "dave")], nil, "dave"),
        ([("X-Remote-User", "erin")], "recorded", "recorded"),
        ([], nil, "-"),
    ])
    func remoteUserPrefersTheRecordThenBasicThenHeader(headers: [(String, String)], recorded: String?, expected: String) async throws {
        let stage = NamedMiddleware("auth-like", ClosureStage { _, context in
            if let recorded { context.record.update { $0.remoteUser = recorded } }
            return Response(status: .ok)
        })
        let (_, line) = try await logLine(headers: headerFields(headers), stages: [stage])
        #expect(line.string("remote_user") == expected)
    }

    @Test func headerContentIsEscapedIntoValidJSON() async throws {
        // Header values cannot carry other control characters (HTTPTypes blanks them); the encoder tests cover those.
        let agent = "Evil \"agent\" \\ <b>&amp;\té ✓"
        let log = LineCollector()
        let app = RoutingHarness.app(log: log, stages: [RequestProbe().stage])
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/", method: .get, headers: headerFields([("User-Agent", agent), ("Referer", "a'b")]))
        }
        let raw = try #require(log.lines.first)
        #expect(raw.contains(#""user_agent":"Evil \"agent\" \\ \u003cb\u003e\u0026amp;\té ✓""#))
        let line = try LoggedLine(raw)
        #expect(line.string("user_agent") == agent)
        #expect(line.string("referer") == "a'b")
        #expect(!raw.contains("\n"))
    }

    @Test func streamedBodiesAreCountedWhenTheyFinish() async throws {
        let stage = NamedMiddleware("stream", ClosureStage { _, _ in
            Response(status: .ok, body: ResponseBody { writer in
                for index in 0..<5 {
                    try await writer.write(ByteBuffer(string: String(repeating: "x", count: 100 * (index + 1))))
                }
                try await writer.finish(nil)
            })
        })
        let (response, line) = try await logLine(stages: [stage])
        #expect(response.body.readableBytes == 1500)
        #expect(line.int("body_bytes_sent") == 1500)
    }

    /// The line for a body that writes "half" and then fails, declared with `contentLength` and, when
    /// `markedStreaming`, marked as streaming by its stage.
    func lineForABodyFailingAfterFourBytes(contentLength: Int?, markedStreaming: Bool) async throws -> LoggedLine {
        struct UpstreamDied: Error, CustomStringConvertible { var description: String { "upstream reset" } }
        let log = LineCollector()
        let stage = NamedMiddleware("dies", ClosureStage { _, context in
            if markedStreaming { context.record.markStreamingBody() }
            return Response(status: .ok, body: ResponseBody(contentLength: contentLength) { writer in
                try await writer.write(ByteBuffer(string: "half"))
                throw UpstreamDied()
            })
        })
        let app = RoutingHarness.app(log: log, stages: [stage])
        try await app.test(.router) { client in
            _ = try? await client.execute(uri: "/", method: .get)
        }
        return try LoggedLine(try #require(log.lines.first))
    }

    @Test func aStreamingBodyWithALengthIsCountedAsItLeavesNotByItsLength() async throws {
        let line = try await lineForABodyFailingAfterFourBytes(contentLength: 100, markedStreaming: true)
        #expect(line.int("body_bytes_sent") == 4)
        #expect(line.string("error_message") == "upstream reset")
    }

    @Test func anInMemoryBodyIsLoggedWithItsLength() async throws {
        let log = LineCollector()
        let stage = NamedMiddleware("memory", ClosureStage { _, _ in
            Response(status: .created, body: ResponseBody(byteBuffer: ByteBuffer(string: "twelve bytes")))
        })
        let app = RoutingHarness.app(log: log, stages: [stage])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: response.body) == "twelve bytes")
        }
        let line = try LoggedLine(try #require(log.lines.first))
        #expect(line.int("status") == 201)
        #expect(line.int("body_bytes_sent") == 12)
    }

    @Test func aBodyProducerFailureIsLoggedAsAnError() async throws {
        let line = try await lineForABodyFailingAfterFourBytes(contentLength: nil, markedStreaming: false)
        #expect(line.int("status") == 200)
        #expect(line.int("body_bytes_sent") == 4)
        #expect(line.string("response_type") == "error")
        #expect(line.string("error_message") == "upstream reset")
    }

    @Test func clientIPIgnoresForwardedForUnlessTrusted() {
        let peer = PeerAddress(ip: "10.1.2.3", port: 5555)
        #expect(AccessLogRequestInfo.clientIP(peer: peer, forwardedFor: "203.0.113.9, 10.0.0.1", trustProxy: false) == "10.1.2.3")
        #expect(AccessLogRequestInfo.clientIP(peer: peer, forwardedFor: " 203.0.113.9 , 10.0.0.1", trustProxy: true) == "203.0.113.9")
        #expect(AccessLogRequestInfo.clientIP(peer: peer, forwardedFor: "", trustProxy: true) == "10.1.2.3")
        #expect(AccessLogRequestInfo.clientIP(peer: peer, forwardedFor: nil, trustProxy: true) == "10.1.2.3")
        #expect(AccessLogRequestInfo.clientIP(peer: PeerAddress(ip: "::1", port: 1), forwardedFor: nil, trustProxy: false) == "::1")
    }

    @Test func aResponseDroppedUnwrittenIsReportedAsClientClosed() {
        let outcomes = LineCollector()
        do {
            let completion = AccessLogCompletion { outcome, bytes in outcomes.append("\(outcome) \(bytes)") }
            completion.add(bytes: 7)
        }
        #expect(outcomes.lines == ["clientClosed 7"])
    }

    @Test func completionReportsOnlyOnce() {
        let outcomes = LineCollector()
        do {
            let completion = AccessLogCompletion { outcome, _ in outcomes.append("\(outcome)") }
            completion.complete(.completed)
            completion.complete(.clientClosed)
        }
        #expect(outcomes.lines == ["completed"])
    }
}
