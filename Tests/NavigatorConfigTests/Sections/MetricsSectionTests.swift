import Testing
@testable import NavigatorConfig

/// `metrics:`: off by default, its keys compiled, and each bad value named with its line and key.
@Suite struct MetricsSectionTests {
    @Test func absentMeansOffWithTheDefaults() throws {
        let settings = try Fixture.load("server:\n  listen: 3000\n").metrics
        #expect(settings.listen == nil)
        #expect(settings.statusPath == "/status")
        #expect(settings.allow.map(\.description) == ["127.0.0.0/8", "::1/128"])
    }

    @Test func keysAreCompiled() throws {
        let settings = try Fixture.load("""
            metrics:
              listen: "127.0.0.1:9394"
              status_path: /ops
              allow: ["10.1.0.0/16", "192.0.2.7", "2001:db8::/32"]
            """).metrics
        #expect(settings.listen == ListenAddress(host: "127.0.0.1", port: 9394))
        #expect(settings.statusPath == "/ops")
        #expect(settings.allow.map(\.description) == ["10.1.0.0/16", "192.0.2.7/32", "2001:db8::/32"])
        #expect(try Fixture.load("metrics:\n  listen: 9394\n").metrics.listen == ListenAddress(host: nil, port: 9394))
    }

    @Test func badValuesNameTheirLineAndKey() {
        for (yaml, line, key, text) in [
            ("metrics:\n  listen: \"nowhere:x\"\n", 2, "metrics.listen", "expected"),
            ("metrics:\n  status_path: status/\n", 2, "metrics.status_path", "expected a path such as `/status`"),
            ("metrics:\n  allow: [\"10.0.0.0/33\"]\n", 2, "metrics.allow[0]", "expected a network such as"),
        ] {
            let error = Fixture.error(yaml)
            let match = error?.diagnostics.first { $0.keyPath == key && $0.location.line == line }
            #expect(match?.message.contains(text) == true, "\(String(describing: error))")
        }
    }

    @Test func networkBlocksMatchAddressesByPrefix() throws {
        let block = try #require(NetworkBlock("10.0.0.0/8"))
        #expect(block.contains("10.200.3.4"))
        #expect(!block.contains("11.0.0.1"))
        #expect(try #require(NetworkBlock("127.0.0.0/8")).contains("::ffff:127.0.0.1"))
        #expect(try #require(NetworkBlock("::1/128")).contains("::1"))
        #expect(!(try #require(NetworkBlock("::1/128")).contains("127.0.0.1")))
        #expect(try #require(NetworkBlock("192.168.1.0/23")).contains("192.168.0.9"))
        #expect(NetworkBlock("nonsense") == nil)
        #expect(NetworkBlock("::1/129") == nil)
    }
}
