import Foundation
import NavigatorTestSupport
import Testing

/// The tenant proxy end to end: the real binary, real child processes (the Python fixture upstream).
@Suite struct TenantProxyLiveTests {
    @Test func slowStartShowsTheMaintenancePageThenServes() async throws {
        let config = TenantTestSupport.config(
            tenants: TenantTestSupport.tenantYAML(path: "/slow/", env: ["STARTUP_DELAY": "1.5"], extra: "    startup_timeout: 200ms\n"))
        let server = try await LiveNavigator.start(config: config)
        defer { Task { await server.stop() } }
        let first = try await TenantTestSupport.curl(server.url("/slow/whoami"))
        #expect(first.status == 503)
        #expect(first.body.contains("Service Temporarily Unavailable"))
        #expect(try await TenantTestSupport.eventually { try await TenantTestSupport.curl(server.url("/slow/whoami")).status == 200 })
        #expect(server.outputText.contains(#""response_type":"maintenance""#))
    }

    @Test func routesByLongestPrefixAndForwardsHeadersAndCookies() async throws {
        let config = TenantTestSupport.config(tenants:
            TenantTestSupport.tenantYAML(path: "/a/", env: ["MARKER": "short"])
            + TenantTestSupport.tenantYAML(path: "/a/b/", env: ["MARKER": "long"]))
        let server = try await LiveNavigator.start(config: config)
        defer { Task { await server.stop() } }
        #expect(try await TenantTestSupport.curl(server.url("/a/b/whoami")).body.contains(#""marker": "long""#))
        let short = try await TenantTestSupport.curl(server.url("/a/whoami?x=1"))
        #expect(short.body.contains(#""marker": "short""#))
        #expect(short.body.contains(#""path": "/a/whoami?x=1""#))
        #expect(try await TenantTestSupport.curl(server.url("/elsewhere")).status == 404)

        let headers = try await TenantTestSupport.curl(
            server.url("/a/headers"), ["-H", "Host: example.com", "-H", "X-Forwarded-For: 10.0.0.1", "-H", "Connection: keep-alive, X-Secret", "-H", "X-Secret: hidden"])
        let pairs = try JSONDecoder().decode([[String]].self, from: Data(headers.body.utf8))
        let received = Dictionary(pairs.map { ($0[0].lowercased(), $0[1]) }, uniquingKeysWith: { $1 })
        #expect(received["host"] == "example.com")
        #expect(received["x-forwarded-for"] == "10.0.0.1, 127.0.0.1")
        #expect(received["x-forwarded-proto"] == "http")
        #expect(received["x-forwarded-host"] == "example.com")
        #expect(received["x-secret"] == nil)
        #expect(received["x-request-id"]?.count == 32)

        let cookies = try await TenantTestSupport.curl(server.url("/a/cookies"))
        #expect(cookies.headers.lowercased().components(separatedBy: "set-cookie:").count - 1 == 2)
        let log = server.outputText
        #expect(log.contains(#""tenant":"\/a""#) || log.contains(#""tenant":"/a""#))
        #expect(log.contains(#""proxy_backend":"tenant:"#))
    }

    @Test func serverSentEventsArriveBeforeTheUpstreamFinishes() async throws {
        let server = try await LiveNavigator.start(config: TenantTestSupport.config(tenants: TenantTestSupport.tenantYAML(path: "/sse/")))
        defer { Task { await server.stop() } }
        #expect(try await TenantTestSupport.curl(server.url("/sse/whoami")).status == 200)
        let socket = try RawSocket(port: server.port)
        try socket.send("GET /sse/sse?pause=15 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        // The upstream sends its second event after 15 s; the first must get through long before that.
        let received = socket.read(until: "data: first", timeout: .seconds(10))
        #expect(received.contains("data: first"))
        #expect(!received.contains("data: second"))
    }

    @Test func hundredMegabytesStreamBothWaysInBoundedMemory() async throws {
        let server = try await LiveNavigator.start(config: TenantTestSupport.config(tenants: TenantTestSupport.tenantYAML(path: "/big/")))
        defer { Task { await server.stop() } }
        #expect(try await TenantTestSupport.curl(server.url("/big/whoami")).status == 200)
        let pid = server.process.processIdentifier
        let before = try #require(TenantTestSupport.memoryKB(pid: pid, field: "VmRSS"))
        let size = 100 * 1024 * 1024
        let file = server.directory.appendingPathComponent("upload.bin")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        let chunk = Data(repeating: 0x61, count: 1 << 20)
        for _ in 0..<100 { handle.write(chunk) }
        try handle.close()
        let upload = try await TenantTestSupport.curl(server.url("/big/upload"), ["--data-binary", "@\(file.path)", "-H", "Content-Type: application/octet-stream"], timeout: 120)
        #expect(upload.status == 200)
        #expect(upload.body == String(size))
        let download = try await TenantTestSupport.curl(server.url("/big/download?bytes=\(size)"), ["-o", "/dev/null"], timeout: 120)
        #expect(download.status == 200)
        #expect(download.size == size)
        let peak = try #require(TenantTestSupport.memoryKB(pid: pid, field: "VmHWM"))
        // Streaming keeps the growth to buffers; buffering either body would add 100 MB.
        #expect(peak - before < 48 * 1024, "RSS grew from \(before) kB to a peak of \(peak) kB")
    }

    @Test func crashGives502ToInFlightRequestsAndTheNextRequestRestarts() async throws {
        let server = try await LiveNavigator.start(config: TenantTestSupport.config(tenants: TenantTestSupport.tenantYAML(path: "/c/")))
        defer { Task { await server.stop() } }
        let whoami = try await TenantTestSupport.curl(server.url("/c/whoami"))
        let pid = try #require(Self.pid(in: whoami.body))
        async let slow = TenantTestSupport.curl(server.url("/c/slow?seconds=20"))
        // The app prints this (relayed as child output) once the request is in its hands.
        try await server.waitForOutput("slow request started", timeout: .seconds(20))
        kill(pid, SIGKILL)
        #expect(try await slow.status == 502)
        let again = try await TenantTestSupport.curl(server.url("/c/whoami"))
        #expect(again.status == 200)
        #expect(Self.pid(in: again.body) != pid)
    }

    @Test func sigkillOfTheServerLeavesNothingThatBlocksARestart() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        // One app ignores SIGTERM, so the parent-death signal alone would leave it holding its port.
        let config = TenantTestSupport.config(tenants:
            TenantTestSupport.tenantYAML(path: "/one/", env: ["IGNORE_TERM": "1", "MARKER": "one"])
            + TenantTestSupport.tenantYAML(path: "/two/", env: ["MARKER": "two"]))
        let first = try await LiveNavigator.start(config: config, directory: directory)
        var pids: [Int32] = []
        for path in ["/one/whoami", "/two/whoami"] {
            pids.append(try #require(Self.pid(in: try await TenantTestSupport.curl(first.url(path)).body)))
        }
        first.send(signal: SIGKILL)
        _ = try await first.waitForExit()
        let second = try await LiveNavigator.start(config: config, directory: directory)
        defer { Task { await second.stop() } }
        for (path, marker) in [("/one/whoami", "one"), ("/two/whoami", "two")] {
            let reply = try await TenantTestSupport.curl(second.url(path))
            #expect(reply.status == 200)
            #expect(reply.body.contains(#""marker": "\#(marker)""#))
            #expect(!pids.contains(Self.pid(in: reply.body) ?? 0))
        }
        #expect(pids.allSatisfy { !TenantTestSupport.isAlive($0) })
    }

    /// The `pid` from a `/whoami` body.
    static func pid(in body: String) -> Int32? {
        guard let data = body.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object["pid"] as? Int).map(Int32.init)
    }
}
