import Foundation
import NavigatorTestSupport
import Testing

/// The operations listener through the real binary (issue 18): `/metrics` parsed by Prometheus' own Python parser
/// follows real traffic (a tenant start, requests by class, a failed reload), the status JSON turns a tenant from
/// stopped to running, and clients outside `metrics.allow` are refused.
@Suite struct OperationsLiveTests {
    /// A config with the operations listener and the fixture tenant `/app/`.
    static func config(allow: String = "") -> String {
        TenantTestSupport.config(tenants: TenantTestSupport.tenantYAML(path: "/app/")) + """

            metrics:
              listen: "127.0.0.1:0"
            \(allow)
            """
    }

    /// The operations listener's URL for `path`, from its `Metrics listening` line.
    static func url(_ navigator: LiveNavigator, _ path: String) async throws -> String {
        try await navigator.waitForOutput("Metrics listening")
        let match = try #require(navigator.outputText.firstMatch(of: #/Metrics listening" address=127\.0\.0\.1:(\d+)/#))
        return "http://127.0.0.1:\(match.1)\(path)"
    }

    /// `/metrics` as parsed by `prometheus_client` (Tests/Fixtures/parse_metrics.py): sample → value.
    static func samples(_ navigator: LiveNavigator) async throws -> [String: Double] {
        let exposition = try await TenantTestSupport.curl(try await url(navigator, "/metrics"))
        #expect(exposition.status == 200)
        #expect(exposition.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", LiveNavigator.repositoryRoot.appendingPathComponent("Tests/Fixtures/parse_metrics.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.body.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(process.terminationStatus == 0, "\(problem)\n\(exposition.body)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Double])
    }

    @Test func metricsFollowTenantStartsRequestsAndAFailedReload() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config())
        do {
            var samples = try await Self.samples(navigator)
            // A tenant's series appear once it is first asked for.
            #expect(samples[#"navigator_tenant_starts_total{tenant="/app/"}"#] ?? 0 == 0)
            #expect(samples[#"navigator_tenant_running{tenant="/app/"}"#] == 0)
            #expect(samples[#"navigator_config_reloads_total{result="failure"}"#] == 0)
            #expect(samples["navigator_config_last_reload_successful"] == 1)

            #expect(try await TenantTestSupport.curl(navigator.url("/app/whoami"), timeout: 60).status == 200)
            #expect(try await TenantTestSupport.curl(navigator.url("/missing")).status == 404)
            try "server: [unclosed\n".write(to: navigator.directory.appendingPathComponent("navigator.yml"), atomically: true, encoding: .utf8)
            navigator.send(signal: SIGHUP)
            try await navigator.waitForOutput("Failed to reload configuration")

            samples = try await Self.samples(navigator)
            #expect(samples[#"navigator_tenant_starts_total{tenant="/app/"}"#] == 1)
            #expect(samples[#"navigator_tenant_running{tenant="/app/"}"#] == 1)
            #expect((samples[#"navigator_tenant_memory_bytes{tenant="/app/"}"#] ?? 0) > 0)
            #expect(samples[#"navigator_requests_total{method="GET",status_class="2xx",tenant="/app/"}"#] == 1)
            #expect(samples[#"navigator_requests_total{method="GET",status_class="4xx",tenant="none"}"#] == 1)
            #expect(samples[#"navigator_request_duration_seconds_count{tenant="/app/"}"#] == 1)
            #expect(samples[#"navigator_tenant_start_duration_seconds_count{tenant="/app/"}"#] == 1)
            #expect(samples[#"navigator_config_reloads_total{result="failure"}"#] == 1)
            #expect(samples["navigator_config_last_reload_successful"] == 0)
            #expect((samples["navigator_process_resident_memory_bytes"] ?? 0) > 1_000_000)
            // No label carries a raw path or a stream name.
            #expect(!samples.keys.contains { $0.contains("/missing") || $0.contains("whoami") })
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func theStatusJSONShowsATenantTurningFromStoppedToRunning() async throws {
        let navigator = try await LiveNavigator.start(config: Self.config())
        do {
            let url = try await Self.url(navigator, "/status.json")
            #expect(try await TenantTestSupport.curl(url).body.contains(#""path":"\/app\/","state":"stopped""#))
            #expect(try await TenantTestSupport.curl(navigator.url("/app/whoami"), timeout: 60).status == 200)
            let after = try await TenantTestSupport.curl(url).body
            #expect(after.contains(#""state":"running""#), "\(after)")
            #expect(try await TenantTestSupport.curl(try await Self.url(navigator, "/status")).body.contains("<title>Navigator status</title>"))
            #expect(try await TenantTestSupport.curl(try await Self.url(navigator, "/nothing")).status == 404)
            #expect(try await TenantTestSupport.curl(try await Self.url(navigator, "/metrics"), ["-X", "POST"]).status == 405)
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func clientsOutsideTheAllowedNetworksAreRefused() async throws {
        // 127.0.0.1 is outside 10.0.0.0/8: this test's client stands for a remote one.
        let navigator = try await LiveNavigator.start(config: Self.config(allow: "  allow: [\"10.0.0.0/8\"]"))
        do {
            for path in ["/status", "/status.json", "/metrics", "/status/cable"] {
                #expect(try await TenantTestSupport.curl(try await Self.url(navigator, path)).status == 403, "\(path)")
            }
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func aClientOutsideTheAllowedNetworksMaySignInWithTheSitesUsers() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let htpasswd = directory.appendingPathComponent("users.htpasswd").path
        _ = try ExternalTool.run(["htpasswd", "-c", "-b", "-B", "-C", "5", htpasswd, "ops", "s3cret"])
        let navigator = try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
            auth:
              enabled: true
              realm: Operations
              htpasswd: users.htpasswd
            metrics:
              listen: "127.0.0.1:0"
              allow: ["10.0.0.0/8"]
            """, directory: directory)
        do {
            let url = try await Self.url(navigator, "/status.json")
            let anonymous = try await TenantTestSupport.curl(url)
            #expect(anonymous.status == 401)
            #expect(anonymous.headers.contains(#"Basic realm="Operations""#), "\(anonymous.headers)")
            #expect(try await TenantTestSupport.curl(url, ["-u", "ops:wrong"]).status == 401)
            let signedIn = try await TenantTestSupport.curl(url, ["-u", "ops:s3cret"])
            #expect(signedIn.status == 200)
            #expect(signedIn.body.contains(#""generation":1"#))
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
