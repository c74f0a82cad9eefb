import Foundation
import NavigatorTestSupport
import Testing

/// `track_websockets` (F29, D4) through the real binary: with `false` (per tenant, or as the `applications`
/// default) an open WebSocket does not keep the app alive — it idles out and the socket breaks; by default it does.
@Suite struct TrackWebsocketsLiveTests {
    /// Where `track_websockets: false` is written.
    enum Placement: String, CaseIterable { case tenant, applications }

    /// A config whose one tenant idles out after a second.
    static func config(tracking: Bool, placement: Placement) -> String {
        let line = "track_websockets: \(tracking)\n"
        return TenantTestSupport.config(
            tenants: TenantTestSupport.tenantYAML(path: "/ws/", extra: placement == .tenant ? "    " + line : ""),
            pools: "    timeout: 1s\n",
            applications: placement == .applications ? "  " + line : "")
    }

    /// Opens a WebSocket to the fixture app through Navigator; returns the socket after its 101.
    static func openWebSocket(_ navigator: LiveNavigator) throws -> RawSocket {
        let socket = try RawSocket(port: navigator.port)
        try socket.send(RawSocket.webSocketHandshake(path: "/ws/ws"))
        let head = socket.read(until: "\r\n\r\n", timeout: .seconds(30))
        #expect(head.hasPrefix("HTTP/1.1 101"), "\(head)")
        return socket
    }

    @Test(arguments: Placement.allCases)
    func anUntrackedWebSocketDoesNotKeepTheAppAlive(placement: Placement) async throws {
        let navigator = try await LiveNavigator.start(config: Self.config(tracking: false, placement: placement))
        do {
            let socket = try Self.openWebSocket(navigator)
            try await navigator.waitForOutput("Stopping idle web app", timeout: .seconds(15))
            #expect(socket.readUntilClosed(timeout: .seconds(10)).closed, "the socket outlived its app")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func aTrackedWebSocketKeepsTheAppAlive() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config(tracking: true, placement: .tenant))
        do {
            let socket = try Self.openWebSocket(navigator)
            // Three idle timeouts: the app would have been stopped by now without the socket.
            try await Task.sleep(for: .seconds(3))
            #expect(!navigator.outputText.contains("Stopping idle web app"))
            #expect(!socket.readUntilClosed(timeout: .milliseconds(200)).closed)
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
