import AsyncHTTPClient
import Foundation
import NavigatorConfig
import NIOCore
import NIOHTTP1
import Testing

/// Every row of spec Part C §1.8, against the running server with real sockets.
@Suite struct BroadcastEndpointTests {
    func post(_ server: CableServer, _ body: String, path: String = "/_broadcast", method: HTTPMethod = .POST,
              headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: server.url(path))
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if method == .POST { request.body = .bytes(ByteBuffer(string: body)) }
        return try await HTTPClient.shared.execute(request, timeout: .seconds(5))
    }

    func text(_ response: HTTPClientResponse) async throws -> String {
        String(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    @Test func successIsAnEmptyTwoHundredEvenWithoutSubscribers() async throws {
        try await CableServer.with { server in
            let response = try await post(server, #"{"stream":"nobody","data":"x"}"#)
            #expect(response.status == .ok)
            #expect(response.headers["Content-Length"] == ["0"])
            #expect(response.headers["Content-Type"].isEmpty)
            #expect(try await text(response) == "")
            #expect(server.accessLog.lines.last?.contains(#""response_type":"broadcast""#) == true)
        }
    }

    @Test func badBodiesGetGoErrorBodies() async throws {
        try await CableServer.with { server in
            for (body, message) in [
                (#"{"stream":""}"#, "Stream required\n"), (#"{"data":1}"#, "Stream required\n"),
                ("not json", "Invalid JSON\n"), (#"{"stream":123}"#, "Invalid JSON\n"), ("", "Invalid JSON\n"),
            ] {
                let response = try await post(server, body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(try await text(response) == message, "\(body)")
                #expect(response.headers["Content-Type"] == ["text/plain; charset=utf-8"])
                #expect(response.headers["X-Content-Type-Options"] == ["nosniff"])
            }
        }
    }

    @Test func trailingGarbageAnyContentTypeExtraKeysAndQueryAreAccepted() async throws {
        try await CableServer.with { server in
            let socket = try await TestSocket.connect(port: server.port)
            try await socket.subscribe("s")
            #expect(try await post(server, #"{"stream":"s","data":1} garbage"#).status == .ok)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s","data":1}"#)
            #expect(try await post(server, #"{"stream":"s","data":2,"x":[]}"#, headers: [("Content-Type", "text/html")]).status == .ok)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s","data":2}"#)
            #expect(try await post(server, #"{"stream":"s","data":3}"#, path: "/_broadcast?x=1").status == .ok)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s","data":3}"#)
        }
    }

    @Test func otherMethodsAndPathsAreRefused() async throws {
        try await CableServer.with { server in
            let get = try await post(server, "", method: .GET)
            #expect(get.status == .methodNotAllowed)
            #expect(try await text(get) == "Method not allowed\n")
            let slash = try await post(server, #"{"stream":"s"}"#, path: "/_broadcast/")
            #expect(slash.status == .notFound)
        }
    }

    @Test func aNonLoopbackPeerIsForbiddenWhateverItsHeadersSay() async throws {
        try await CableServer.with(host: "0.0.0.0") { server in
            let body = #"{"stream":"s"}"#
            let request = "POST /_broadcast HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 127.0.0.1\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let refused = try await RawHTTP.exchange(request, port: server.port, localAddress: "127.0.0.2")
            #expect(refused.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
            #expect(refused.hasSuffix("\r\n\r\nForbidden: /_broadcast is only accessible from localhost\n"))
            let get = "GET /_broadcast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            #expect(try await RawHTTP.exchange(get, port: server.port, localAddress: "127.0.0.2").hasPrefix("HTTP/1.1 403"))
            let accepted = try await RawHTTP.exchange(request, port: server.port)
            #expect(accepted.hasPrefix("HTTP/1.1 200 OK\r\n"))
        }
    }

    @Test func anIPv4MappedLoopbackPeerOnADualStackListenerIsAccepted() async throws {
        try await CableServer.with(host: "::") { server in
            let body = #"{"stream":"s"}"#
            let request = "POST /_broadcast HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            // On a dual-stack listener NIO reports this peer as ::ffff:127.0.0.1 (D25).
            let viaIPv4 = try await RawHTTP.exchange(request, port: server.port)
            #expect(viaIPv4.hasPrefix("HTTP/1.1 200 OK\r\n"))
        }
    }

    @Test func disabledCableMakesBothPathsOrdinary() async throws {
        try await CableServer.with(CableServer.configuration(cable: CableSettings(enabled: false))) { server in
            let broadcast = try await post(server, #"{"stream":"s"}"#)
            #expect(broadcast.status == .notFound)
            let upgrade = "GET /cable HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            let reply = try await RawHTTP.exchange(upgrade, port: server.port, timeout: .milliseconds(500))
            #expect(reply.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        }
    }
}
