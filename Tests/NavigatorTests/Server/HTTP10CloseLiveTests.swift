import Foundation
import NavigatorTestSupport
import Testing

/// HTTP/1.0 through the real binary (issue 16 item 1): without `Connection: keep-alive` every path ends the
/// connection after its response (ApacheBench, old monitors and `curl --http1.0` wait for the close), and the
/// access log says `protocol: HTTP/1.0`.
@Suite struct HTTP10CloseLiveTests {
    /// A server with a static file, a CGI script, a reverse proxy to the fixture upstream and a fixture tenant.
    static func start(upstream: FixtureUpstream) async throws -> LiveNavigator {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("public"), withIntermediateDirectories: true)
        try "hello".write(to: directory.appendingPathComponent("public/hello.txt"), atomically: true, encoding: .utf8)
        let script = directory.appendingPathComponent("hello.sh")
        try "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\ncgi'\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
              cgi_scripts:
                - path: /cgi
                  script: \(script.path)
            routes:
              reverse_proxies:
                - prefix: /up/
                  target: \(upstream.url)
            applications:
              pools:
                start_port: \(TenantTestSupport.startPort())
              tenants:
            \(TenantTestSupport.tenantYAML(path: "/app/"))
            """, directory: directory)
    }

    /// Sends `request` on a fresh connection; returns what arrived and whether the server closed within `wait`.
    static func exchange(_ navigator: LiveNavigator, _ request: String, wait: Duration = .seconds(5)) throws -> (data: String, closed: Bool) {
        let socket = try RawSocket(port: navigator.port)
        try socket.send(request)
        return socket.readUntilClosed(timeout: wait)
    }

    @Test func everyPathClosesAnHTTP10ConnectionAndLogsHTTP10() async throws {
        let upstream = try await FixtureUpstream.start()
        let navigator = try await Self.start(upstream: upstream)
        do {
            // The tenant's first start is not what is measured here.
            #expect(try await TenantTestSupport.curl(navigator.url("/app/whoami"), timeout: 60).status == 200)
            let paths = ["/hello.txt", "/cgi", "/up/whoami", "/app/whoami", "/missing"]
            for path in paths {
                let reply = try Self.exchange(navigator, "GET \(path) HTTP/1.0\r\nHost: localhost\r\n\r\n")
                #expect(reply.closed, "\(path) kept an HTTP/1.0 connection open: \(reply.data)")
                #expect(reply.data.hasPrefix("HTTP/1."), "\(path): \(reply.data)")
            }
            try await navigator.waitForOutput(#""protocol":"HTTP/1.0""#, count: paths.count)
            let lines = try AccessLogFieldsLiveTests.accessLines(navigator).filter { $0.string("protocol") == "HTTP/1.0" }
            #expect(Set(lines.compactMap { $0.string("uri") }) == Set(paths))
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
        upstream.stop()
    }

    @Test func anHTTP10KeepAliveConnectionStaysOpen() async throws {
        let upstream = try await FixtureUpstream.start()
        let navigator = try await Self.start(upstream: upstream)
        do {
            for path in ["/hello.txt", "/up/whoami"] {
                let reply = try Self.exchange(
                    navigator, "GET \(path) HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n", wait: .seconds(1))
                #expect(!reply.closed, "\(path) closed a keep-alive HTTP/1.0 connection")
                #expect(reply.data.lowercased().contains("connection: keep-alive"), "\(path): \(reply.data)")
            }
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
        upstream.stop()
    }
}
