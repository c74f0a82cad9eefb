import Foundation
import NavigatorTestSupport
import Testing

/// A client that goes away while its request waits, through the real binary (issue 16 item 5): the wait is
/// cancelled and the access log says 499 `client_closed` (as Navigator and nginx), for a slow upstream and for a
/// tenant that is still starting.
@Suite struct ClientGoneLiveTests {
    /// Sends `path`, waits `patience`, then resets the connection; returns when the 499 line was printed.
    static func leaveWhileWaiting(_ navigator: LiveNavigator, path: String, patience: Duration = .milliseconds(500)) async throws {
        let socket = try RawSocket(port: navigator.port)
        try socket.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        try await Task.sleep(for: patience)
        socket.reset()
    }

    /// The access-log line for `uri`, once printed (within `timeout`).
    static func accessLine(_ navigator: LiveNavigator, uri: String, timeout: Duration) async throws -> LoggedLine {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = try AccessLogFieldsLiveTests.accessLines(navigator).first(where: { $0.string("uri") == uri }) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LiveNavigatorError.outputMissing(uri, output: navigator.outputText)
    }

    @Test func aClientLeavingASlowUpstreamIsLogged499AtOnce() async throws {
        let upstream = try await FixtureUpstream.start()
        let navigator = try await LiveNavigator.start(config: upstream.routeConfig(prefix: "/up/"))
        do {
            let start = ContinuousClock.now
            try await Self.leaveWhileWaiting(navigator, path: "/up/slow?seconds=6")
            // Logged when the client left, not when the upstream finally answers after six seconds.
            let line = try await Self.accessLine(navigator, uri: "/up/slow?seconds=6", timeout: .seconds(4))
            #expect(ContinuousClock.now - start < .seconds(4))
            #expect(line.int("status") == 499)
            #expect(line.string("response_type") == "client_closed")
            #expect(upstream.outputText.contains("slow request started"))
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
        upstream.stop()
    }

    @Test func aClientLeavingWhileItsTenantStartsIsLogged499() async throws {
        let navigator = try await LiveNavigator.start(config: TenantTestSupport.config(
            tenants: TenantTestSupport.tenantYAML(path: "/late/", env: ["STARTUP_DELAY": "3"], extra: "    startup_timeout: 20s\n")))
        do {
            let start = ContinuousClock.now
            try await Self.leaveWhileWaiting(navigator, path: "/late/whoami")
            let line = try await Self.accessLine(navigator, uri: "/late/whoami", timeout: .seconds(2))
            #expect(ContinuousClock.now - start < .seconds(2.5), "logged only when the start finished")
            #expect(line.int("status") == 499)
            #expect(line.string("response_type") == "client_closed")
            // The start goes on for the next request.
            #expect(try await TenantTestSupport.curl(navigator.url("/late/whoami"), timeout: 60).status == 200)
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
