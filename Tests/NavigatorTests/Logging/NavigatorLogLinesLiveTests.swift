import AsyncHTTPClient
import Foundation
import NavigatorTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// Navigator's own log lines through the real binary, as operators grep them: slog attributes in Navigator's
/// order, and `Request received` for every request at `LOG_LEVEL=debug`.
@Suite struct NavigatorLogLinesLiveTests {
    static let config = "server:\n  listen: \"127.0.0.1:0\"\n"

    static func send(_ navigator: LiveNavigator, _ path: String, method: HTTPMethod = .GET, body: String? = nil) async throws -> Int {
        var request = HTTPClientRequest(url: navigator.url(path))
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    @Test func broadcastSentListsStreamThenConnectionsThenTheMessage() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config)
        do {
            #expect(try await Self.send(navigator, "/_broadcast", method: .POST, body: #"{"stream":"s","data":42}"#) == 200)
            try await navigator.waitForOutput("Broadcast sent")
            let line = navigator.outputLines.first { $0.contains("Broadcast sent") } ?? ""
            #expect(line.contains(#"level=INFO msg="Broadcast sent" stream=s connections=0 message=42"#), "\(line)")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func everyRequestIsLoggedAsReceivedAtDebugLevel() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config, environment: ["LOG_LEVEL": "debug"])
        do {
            #expect(try await Self.send(navigator, "/missing?x=1") == 404)
            #expect(try await Self.send(navigator, "/_broadcast", method: .POST, body: #"{"stream":"s","data":1}"#) == 200)
            try await navigator.waitForOutput("msg=\"Request received\"", count: 2)
            let lines = navigator.outputLines.filter { $0.contains("msg=\"Request received\"") }
            let pattern = #/level=DEBUG msg="Request received" method=(GET|POST) path=(\S+) request_id=[0-9a-f]{32}$/#
            #expect(lines.compactMap { try? pattern.firstMatch(in: $0).map { "\($0.1) \($0.2)" } } == ["GET /missing", "POST /_broadcast"], "\(lines)")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func requestsAreNotLoggedAsReceivedAtTheDefaultLevel() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config)
        do {
            #expect(try await Self.send(navigator, "/missing") == 404)
            try await navigator.waitForOutput(#""status":404"#)
            #expect(!navigator.outputText.contains("Request received"))
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func startAndTenantLinesReadAsNavigatorsDo() async throws {
        let navigator = try await LiveNavigator.start(config: TenantTestSupport.config(tenants: TenantTestSupport.tenantYAML(path: "/app/")))
        do {
            #expect(try await TenantTestSupport.curl(navigator.url("/app/whoami"), timeout: 60).status == 200)
            try await navigator.waitForOutput("Web app is ready")
            let lines = navigator.outputLines
            #expect(lines.contains { $0.contains(#"msg="Navigator starting" version=0.1.0 address=127.0.0.1:0"#) }, "\(lines)")
            #expect(lines.contains { $0.contains(#"msg="Starting web app" tenant=/app port="#) }, "\(lines)")
            #expect(lines.contains { (try? #/msg="Web app is ready" tenant=/app port=\d+$/#.firstMatch(in: $0)) != nil }, "\(lines)")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func cableLinesNameTheRefusedHandshakeAndEachDroppedSubscription() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config, environment: ["LOG_LEVEL": "debug"])
        do {
            #expect(try await Self.send(navigator, "/cable") == 400)
            try await navigator.waitForOutput("WebSocket upgrade failed")
            #expect(navigator.outputLines.contains {
                $0.contains(#"level=ERROR msg="WebSocket upgrade failed" error="websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header""#)
            }, "\(navigator.outputText)")

            let socket = try RawSocket(port: navigator.port)
            try socket.send(RawSocket.webSocketHandshake(path: "/cable"))
            #expect(socket.read(until: "\r\n\r\n", timeout: .seconds(10)).hasPrefix("HTTP/1.1 101"))
            for stream in ["one", "two"] {
                try socket.send(bytes: RawSocket.maskedTextFrame(#"{"type":"subscribe","stream":"\#(stream)"}"#))
                try await navigator.waitForOutput("msg=Subscribed stream=\(stream)")
            }
            socket.reset()
            try await navigator.waitForOutput("WebSocket disconnected")
            let unsubscribed = navigator.outputLines.filter { $0.contains("msg=Unsubscribed") }
            #expect(Set(unsubscribed.map { $0.components(separatedBy: " ").last ?? "" }) == ["stream=one", "stream=two"], "\(unsubscribed)")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
