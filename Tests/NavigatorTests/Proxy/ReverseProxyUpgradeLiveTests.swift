import Foundation
import NavigatorTestSupport
import Testing

/// A WebSocket through a plain `reverse_proxies` route (no `websocket: true`), through the real binary (issue 16
/// item 2): tunnelled as Go's ReverseProxy does — 101, then frames both ways.
@Suite struct ReverseProxyUpgradeLiveTests {
    /// The fixture upstream, and a server whose plain route `/live/` goes to it.
    static func start() async throws -> (FixtureUpstream, LiveNavigator) {
        let upstream = try await FixtureUpstream.start()
        let navigator = try await LiveNavigator.start(config: upstream.routeConfig(prefix: "/live/"))
        return (upstream, navigator)
    }

    @Test func anUpgradeThroughAPlainRouteIsTunnelled() async throws {
        let (upstream, navigator) = try await Self.start()
        do {
            let socket = try RawSocket(port: navigator.port)
            try socket.send(RawSocket.webSocketHandshake(path: "/live/ws"))
            let head = socket.read(until: "\r\n\r\n", timeout: .seconds(10))
            #expect(head.hasPrefix("HTTP/1.1 101"), "\(head)")
            #expect(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "\(head)")
            try socket.send(bytes: RawSocket.maskedTextFrame("ping through"))
            let echoed = socket.readBytes(timeout: .seconds(10)) { $0.count >= 2 + 12 }.bytes
            #expect(echoed == [0x81, 12] + Array("ping through".utf8))
            #expect(upstream.outputText.contains("websocket opened"))
            socket.reset()
            try await navigator.waitForOutput(#""response_type":"websocket""#)
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)\n\(upstream.outputText)")
        }
        await navigator.stop()
        upstream.stop()
    }

    @Test func anUpstreamThatRefusesTheUpgradeAnswersAsPlainHTTP() async throws {
        let (upstream, navigator) = try await Self.start()
        do {
            let socket = try RawSocket(port: navigator.port)
            try socket.send(RawSocket.webSocketHandshake(path: "/live/whoami"))
            let reply = socket.read(until: "}", timeout: .seconds(10))
            #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply)")
            #expect(reply.contains(#""path": "/live/whoami""#), "\(reply)")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)\n\(upstream.outputText)")
        }
        await navigator.stop()
        upstream.stop()
    }
}
