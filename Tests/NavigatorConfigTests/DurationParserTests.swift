import Testing
@testable import NavigatorConfig

/// The duration grammar: y/w/d with decimals, else Go's ParseDuration.
@Suite struct DurationParserTests {
    @Test(arguments: [
        ("300ms", Duration.milliseconds(300)), ("1h30m", .seconds(5400)), ("1.5h", .seconds(5400)),
        ("0", .zero), ("10m", .seconds(600)), ("2d", .seconds(172_800)), ("1w", .seconds(604_800)),
        ("1y", .seconds(31_536_000)), ("0.5d", .seconds(43_200)), ("1m30.5s", .milliseconds(90_500)),
        ("  5s ", .seconds(5)), ("-5m", .seconds(-300)), ("10us", .microseconds(10)),
    ])
    func parses(text: String, expected: Duration) {
        #expect(DurationParser.parse(text) == expected)
    }

    @Test(arguments: ["30", "", "1d12h", "5 m", "m", "1.2.3s", "abc", "5x", "d", ".d", "--5s"])
    func rejects(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }
}

/// Byte sizes as F24.
@Suite struct SizeParserTests {
    @Test(arguments: [
        ("512M", Int64(512) << 20), ("1G", 1 << 30), ("1GiB", 1 << 30), ("100k", 102_400), ("100KB", 102_400),
        ("2048", 2048), ("1t", 1 << 40), ("1.5g", 1_610_612_736),
    ])
    func parses(text: String, expected: Int64) {
        #expect(SizeParser.parse(text) == expected)
    }

    @Test(arguments: ["", "M", "12X", "1.2.3M", "-1G", "5i", "ten"])
    func rejects(text: String) {
        #expect(SizeParser.parse(text) == nil)
    }
}

/// `server.listen` forms.
@Suite struct ListenAddressParserTests {
    @Test func forms() {
        #expect(ListenAddressParser.parse("3000") == ListenAddress(host: nil, port: 3000))
        #expect(ListenAddressParser.parse(":8080") == ListenAddress(host: nil, port: 8080))
        #expect(ListenAddressParser.parse("127.0.0.1:3000") == ListenAddress(host: "127.0.0.1", port: 3000))
        #expect(ListenAddressParser.parse("[::1]:3000") == ListenAddress(host: "::1", port: 3000))
        #expect(ListenAddressParser.parse("::1:3000") == nil)
        #expect(ListenAddressParser.parse("localhost") == nil)
        #expect(ListenAddressParser.parse("[::1]") == nil)
    }
}
