import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOWebSocket
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Synchronization
import Testing

@testable import Navigator

/// F11 + §1a against real upstreams on 127.0.0.1 port 0.
@Suite struct ReverseProxyMiddlewareTests {
    /// An upstream that answers `<method> <uri>`, its `host`, then one `name: value` line per request header, and sets
    /// `X-Upstream: original` and `X-Kept: yes` on its response.
    static func echoUpstream() -> TestApp {
        TestApp { request, _ in
            // HTTP/1's Host arrives as the request's authority, not as a field.
            var text = "\(request.method.rawValue) \(request.uri.string)\nhost: \(request.head.authority ?? "")\n"
            for field in request.headers { text += "\(field.name.canonicalName): \(field.value)\n" }
            return Response(
                status: .ok, headers: [HTTPField.Name("X-Upstream")!: "original", HTTPField.Name("X-Kept")!: "yes"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// The full pipeline with `routes`.
    static func navigator(_ routes: [ReverseProxySpec], accessLog: LineCollector = LineCollector()) throws -> TestApp {
        var configuration = NavigatorConfiguration()
        configuration.routes.reverseProxies = routes
        return try TestApplication.make(configuration: configuration, services: TestApplication.services(accessLog: accessLog))
    }

    /// Runs `body` with a live echo upstream's base URL and a live Navigator client built by `routes(base)`.
    static func withProxy(
        _ routes: @escaping @Sendable (String) throws -> [ReverseProxySpec], accessLog: LineCollector = LineCollector(),
        _ body: @escaping @Sendable (TestClient) async throws -> Void
    ) async throws {
        try await echoUpstream().test(.live) { upstream in
            let base = "http://127.0.0.1:\(try #require(upstream.port))"
            try await navigator(try routes(base), accessLog: accessLog).test(.live) { client in try await body(client) }
        }
    }

    /// The echoed request line and headers (lower-cased names).
    static func parse(_ response: TestResponse) -> (line: String, headers: [String: String]) {
        let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(colon, offsetBy: 2)...])
        }
        return (lines.first ?? "", headers)
    }

    @Test func prefixWithStripPathJoinsTargetPathAndKeepsClientHost() async throws {
        let log = LineCollector()
        try await Self.withProxy({ base in
            [ReverseProxySpec(name: "api", match: .prefix("/api"), target: base + "/v1/", stripPath: true)]
        }, accessLog: log) { client in
            let response = try await client.execute(
                uri: "/api/users?page=2", method: .get,
                headers: [HTTPField.Name("Proxy-Authorization")!: "Basic eA=="])
            #expect(response.status == .ok)
            let echoed = Self.parse(response)
            #expect(echoed.line == "GET /v1/users?page=2")
            #expect(echoed.headers["host"] == "localhost")
            #expect(echoed.headers["proxy-authorization"] == nil)
            #expect(echoed.headers["x-forwarded-for"] == "127.0.0.1")
            #expect(echoed.headers["x-forwarded-host"] == nil)
            #expect(echoed.headers["x-forwarded-proto"] == nil)
        }
        let entry = try #require(log.lines.last)
        #expect(entry.contains(#""response_type":"proxy""#))
        #expect(entry.contains(#""proxy_backend":"api""#))
    }

    @Test func withoutStripPathTheFullRequestPathFollowsTheTargetPath() async throws {
        try await Self.withProxy({ base in
            [ReverseProxySpec(name: "", match: .prefix("/api"), target: base + "/base")]
        }) { client in
            let response = try await client.execute(uri: "/api/x", method: .get)
            #expect(Self.parse(response).line == "GET /base/api/x")
        }
    }

    @Test func regexStripPathUsesTheFirstCapture() async throws {
        try await Self.withProxy({ base in
            [ReverseProxySpec(name: "r", match: .pattern(try PathPattern("^/svc/(.*)")), target: base, stripPath: true)]
        }) { client in
            let response = try await client.execute(uri: "/svc/a/b", method: .get)
            #expect(Self.parse(response).line == "GET /a/b")
        }
    }

    @Test func dollarTargetIsTheExactUpstreamPathWithQueryAppended() async throws {
        try await Self.withProxy({ base in
            [ReverseProxySpec(
                name: "users", match: .pattern(try PathPattern("/u/([0-9]+)/(\\w+)")), target: base + "/users/$1/$2.json?fmt=1")]
        }) { client in
            let response = try await client.execute(uri: "/prefix/u/42/posts/ignored?q=x", method: .get)
            #expect(Self.parse(response).line == "GET /users/42/posts.json?fmt=1&q=x")
        }
    }

    @Test func targetQueryIsJoinedWithTheRequestQuery() async throws {
        try await Self.withProxy({ base in
            [ReverseProxySpec(name: "q", match: .prefix("/q"), target: base + "/search?key=k", stripPath: true)]
        }) { client in
            let joined = try await client.execute(uri: "/q/find?term=t", method: .get)
            #expect(Self.parse(joined).line == "GET /search/find?key=k&term=t")
            let bare = try await client.execute(uri: "/q", method: .get)
            #expect(Self.parse(bare).line == "GET /search/?key=k")
        }
    }

    @Test func headersAreSetWithSubstitutions() async throws {
        try await Self.withProxy({ base in
            [ReverseProxySpec(name: "h", match: .prefix("/"), target: base, headers: [
                HeaderEntry("X-Real-Client", "$remote_addr"), HeaderEntry("X-Scheme", "$scheme://$host"),
                HeaderEntry("X-Fixed", "set"),
            ])]
        }) { client in
            let plain = Self.parse(try await client.execute(
                uri: "/", method: .get, headers: [HTTPField.Name("X-Fixed")!: "client"]))
            #expect(plain.headers["x-real-client"] == "127.0.0.1")
            #expect(plain.headers["x-scheme"] == "http://localhost")
            #expect(plain.headers["x-fixed"] == "set")
            let forwarded = Self.parse(try await client.execute(uri: "/", method: .get, headers: [
                HTTPField.Name("X-Forwarded-For")!: "203.0.113.9, 10.0.0.1",
                HTTPField.Name("X-Forwarded-Proto")!: "https",
            ]))
            #expect(forwarded.headers["x-real-client"] == "203.0.113.9")
            #expect(forwarded.headers["x-scheme"] == "https://localhost")
            #expect(forwarded.headers["x-forwarded-for"] == "203.0.113.9, 10.0.0.1, 127.0.0.1")
            let realIP = Self.parse(try await client.execute(
                uri: "/", method: .get, headers: [HTTPField.Name("X-Real-IP")!: "198.51.100.7"]))
            #expect(realIP.headers["x-real-client"] == "198.51.100.7")
        }
    }

    @Test func responseHeadersOverwriteTheUpstreams() async throws {
        try await Self.withProxy({ base in
            [ReverseProxySpec(name: "c", match: .prefix("/"), target: base, responseHeaders: [
                HeaderEntry("X-Upstream", "replaced"), HeaderEntry("Access-Control-Allow-Origin", "*"),
            ])]
        }) { client in
            let response = try await client.execute(uri: "/x", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[values: HTTPField.Name("X-Upstream")!] == ["replaced"])
            #expect(response.headers[HTTPField.Name("Access-Control-Allow-Origin")!] == "*")
            #expect(response.headers[HTTPField.Name("X-Kept")!] == "yes")
        }
    }

    @Test func optionsWithResponseHeadersIsAnsweredWithoutTheUpstream() async throws {
        // Port 1 refuses connections: a request that reached it would be a 502.
        let app = try Self.navigator([ReverseProxySpec(
            name: "cors", match: .prefix("/"), target: "http://127.0.0.1:1",
            responseHeaders: [HeaderEntry("Access-Control-Allow-Methods", "GET, POST")])])
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/anything", method: .options)
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("Access-Control-Allow-Methods")!] == "GET, POST")
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test func unreachableUpstreamOrInvalidTargetIsBadGateway() async throws {
        let app = try Self.navigator([
            ReverseProxySpec(name: "down", match: .prefix("/down"), target: "http://127.0.0.1:1"),
            ReverseProxySpec(name: "bad", match: .prefix("/bad"), target: "not a url"),
        ])
        try await app.test(.live) { client in
            for path in ["/down/x", "/bad/x"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .badGateway)
                #expect(String(buffer: response.body) == "Bad Gateway\n")
            }
        }
    }

    @Test func firstMatchingRouteInConfigOrderWinsAndOthersFallThrough() async throws {
        try await Self.withProxy({ base in
            [
                ReverseProxySpec(name: "first", match: .pattern(try PathPattern("/shared")), target: base + "/one"),
                ReverseProxySpec(name: "second", match: .prefix("/shared/deeper"), target: base + "/two"),
            ]
        }) { client in
            let first = try await client.execute(uri: "/shared/deeper", method: .get)
            #expect(Self.parse(first).line == "GET /one/shared/deeper")
            let unmatched = try await client.execute(uri: "/elsewhere", method: .get)
            #expect(unmatched.status == .notFound)
        }
    }

    @Test func routesMatchTheDecodedPathAndForwardItReEncoded() async throws {
        try await Self.withProxy({ base in
            [
                ReverseProxySpec(name: "api", match: .prefix("/api/"), target: base + "/v1", stripPath: true),
                ReverseProxySpec(name: "user", match: .pattern(try PathPattern("^/u/([^/]+)$")), target: base + "/users/$1"),
                ReverseProxySpec(name: "all", match: .prefix("/files"), target: base + "/store"),
            ]
        }) { client in
            // Encoded separators and letters cannot dodge a rule: Go matches `r.URL.Path`, the decoded path.
            let slash = try await client.execute(uri: "/api%2Fusers", method: .get)
            #expect(Self.parse(slash).line == "GET /v1/users")
            let letter = try await client.execute(uri: "/%61pi/x", method: .get)
            #expect(Self.parse(letter).line == "GET /v1/x")
            let capture = try await client.execute(uri: "/u/j%C3%BCrgen%20k", method: .get)
            #expect(Self.parse(capture).line == "GET /users/j%C3%BCrgen%20k")
            let kept = try await client.execute(uri: "/files/a%20b?x=%2F", method: .get)
            #expect(Self.parse(kept).line == "GET /store/files/a%20b?x=%2F")
        }
    }

    @Test func pathComputation() throws {
        let prefix = ReverseProxySpec(name: "p", match: .prefix("/api/"), target: "http://h:8080/v1", stripPath: true)
        #expect(ReverseProxyTarget.httpURL(prefix, path: "/api/x", query: nil, groups: ["/api/"]) == "http://h:8080/v1/x")
        let noGroup = ReverseProxySpec(name: "r", match: .pattern(try PathPattern("^/a")), target: "http://h/t/", stripPath: true)
        #expect(ReverseProxyTarget.httpURL(noGroup, path: "/a/b", query: "z=1", groups: ["/a"]) == "http://h/t/a/b?z=1")
        #expect(ReverseProxyTarget.parse("http://[::1]:9/p?q")?.host == "::1")
        #expect(ReverseProxyTarget.parse("ftp://h/") == nil)
        #expect(ReverseProxyTarget.substitute("http://h/$1/$9/$x", groups: ["all", "one"]) == "http://h/one//$x")
        let ws = try #require(ReverseProxyTarget.webSocket(
            ReverseProxySpec(name: "w", match: .prefix("/ws"), target: "http://h/base", websocket: true),
            path: "/ws/room", query: "a=1", groups: ["/ws"]))
        #expect(ws.uri == "/ws/room?a=1")
    }

    @Test func aTargetParsedAheadGivesTheSameUpstreamAsParsingPerRequest() throws {
        let specs = [
            ReverseProxySpec(name: "p", match: .prefix("/api/"), target: "http://h:8080/v1?k=v", stripPath: true),
            ReverseProxySpec(name: "q", match: .prefix("/q"), target: "HTTPS://[::1]/base/"),
            ReverseProxySpec(name: "r", match: .pattern(try PathPattern("^/u/([^/]+)$")), target: "http://h/users/$1"),
            ReverseProxySpec(name: "bad", match: .prefix("/b"), target: "ftp://h/"),
        ]
        #expect(specs.map(ReverseProxyTarget.fixed).map { $0 != nil } == [true, true, false, false])
        for spec in specs {
            for (path, groups) in [("/api/x y", ["/api/"]), ("/q/1", ["/q"]), ("/u/jo", ["/u/jo", "jo"])] {
                let ahead = ReverseProxyTarget.httpTarget(
                    spec, path: path, query: "a=1", groups: groups, fixed: ReverseProxyTarget.fixed(spec))
                #expect(ahead == ReverseProxyTarget.httpTarget(spec, path: path, query: "a=1", groups: groups), "\(spec.name) \(path)")
            }
        }
    }

    @Test func targetsThatAreNotHTTPURLsAreRefused() {
        for target in ["http:/h/", "http//h/", "h:80", "http://", "http://:80/", "http://h:0/", "http://h:x/", "mailto:a@b", "://h"] {
            #expect(ReverseProxyTarget.parse(target) == nil, "\(target)")
        }
        #expect(ReverseProxyTarget.parse("Http://H:81/p#frag")?.url == "http://H:81/p")
    }

    @Test func webSocketTunnelRelaysFramesAndEchoesTheSubprotocol() async throws {
        let seen = Mutex<[String]>([])
        let upstream = TestApplication.make(middlewares: [NamedMiddleware("ws-echo", ClosureStage { request, context in
            if let slot = context.upgrade {
                seen.withLock { $0.append("\(request.uri.string) host=\(request.head.authority ?? "")") }
                slot.accept(headers: [.secWebSocketProtocol: "chat"]) { channel, _ in
                    try? await channel.executeThenClose { inbound, outbound in
                        for try await frame in inbound {
                            if frame.opcode == .connectionClose { break }
                            try await outbound.write(WebSocketFrame(fin: true, opcode: .text, data: frame.unmaskedData))
                        }
                    }
                }
            }
            return Response(status: .ok)
        })])
        try await upstream.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let app = try Self.navigator([ReverseProxySpec(
                name: "ws", match: .prefix("/ws"), target: "http://127.0.0.1:\(port)/sock", stripPath: true, websocket: true)])
            try await app.test(.live) { client in
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: "front.test")
                headers.add(name: "Sec-WebSocket-Protocol", value: "chat, other")
                let handshake = try await WebSocketUpstream.connect(
                    .init(host: "127.0.0.1", port: try #require(client.port)), uri: "/ws/room?x=1", headers: headers)
                guard case .upgraded(let channel, let subprotocol) = handshake else {
                    Issue.record("upgrade refused")
                    return
                }
                #expect(subprotocol == "chat")
                let reply = try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(WebSocketFrame(
                        fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: "hello")))
                    var frames = inbound.makeAsyncIterator()
                    let frame = try await frames.next()
                    return frame.map { String(buffer: $0.unmaskedData) }
                }
                #expect(reply == "hello")
            }
        }
        #expect(seen.withLock { $0 }.first?.hasPrefix("/sock/room?x=1 host=127.0.0.1:") == true)
    }
}
