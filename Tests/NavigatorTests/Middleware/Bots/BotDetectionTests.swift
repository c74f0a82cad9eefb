import Foundation
import HTTPTypes
import NIOCore
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Testing

@testable import Navigator

/// D3/F15: the user-agent classifier and the stage in front of the tenants.
@Suite struct BotDetectionTests {
    static let browsers = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.68",
        "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    ]

    static let bots: [String?] = [
        nil, "", "Mozilla", "Mozilla/5.0", "short/1 x",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
        "curl/8.5.0", "Wget/1.21.3 (linux-gnu)", "python-requests/2.31.0", "Python/3.11 aiohttp/3.9.1",
        "Go-http-client/1.1", "okhttp/4.12.0", "Java/17.0.2", "axios/1.6.7", "Ruby", "PostmanRuntime/7.36.0",
        "Mozilla/5.0 (compatible; MyShopBot/3.0; +https://shop.example/bot)",
        "Mozilla/5.0 (compatible; research-crawler/0.1)", "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    ]

    @Test(arguments: browsers)
    func browsersAreNotBots(userAgent: String) {
        #expect(UserAgentClassifier.botReason(userAgent) == nil)
    }

    @Test(arguments: bots)
    func botsAreBots(userAgent: String?) {
        #expect(UserAgentClassifier.isBot(userAgent), "\(userAgent ?? "nil")")
    }

    /// Bot detection in front of a stand-in tenant stage that answers `tenant`.
    static func app(
        server: BotDetectionSettings, tenants: [(String, BotDetectionSettings?)], log: LineCollector
    ) throws -> TestApp? {
        var configuration = NavigatorConfiguration()
        configuration.server.botDetection = server
        configuration.applications.tenants = tenants.map { path, settings in
            var tenant = TenantSpec(path: path, name: path, root: "/tmp", command: AppCommand(executable: "true", arguments: []))
            tenant.botDetection = settings
            return tenant
        }
        guard let stage = BotDetectionMiddleware.make(from: configuration, services: TestApplication.services()) else { return nil }
        let tenant = ClosureStage { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "tenant"))) }
        return RoutingHarness.app(configuration: configuration, log: log, stages: [
            NamedMiddleware("bot-detection", stage), NamedMiddleware("tenant", tenant),
        ])
    }

    static let googlebot: HTTPFields = [.userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
    static let firefox: HTTPFields = [.userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"]

    @Test func offByDefault() throws {
        let log = LineCollector()
        #expect(try Self.app(server: .init(), tenants: [("/a/", nil)], log: log) == nil)
        #expect(try Self.app(server: .init(enabled: true), tenants: [], log: log) == nil)
    }

    @Test func rejectAnswers403AndLogsTheRealStatus() async throws {
        let log = LineCollector()
        let app = try #require(try Self.app(server: .init(enabled: true, action: .reject), tenants: [("/a/", nil)], log: log))
        try await app.test(.router) { client in
            let bot = try await client.execute(uri: "/a/page", method: .get, headers: Self.googlebot)
            #expect(bot.status == .forbidden)
            #expect(bot.text == "Forbidden: Bot access not allowed\n")
            #expect(bot.header("Content-Type") == "text/plain; charset=utf-8")
            let person = try await client.execute(uri: "/a/page", method: .get, headers: Self.firefox)
            #expect(person.text == "tenant")
            let noTenant = try await client.execute(uri: "/elsewhere", method: .get, headers: Self.googlebot)
            #expect(noTenant.text == "tenant")
        }
        let first = try LoggedLine(log.lines[0])
        #expect(first.int("status") == 403)
        #expect(first.string("response_type") == "bot-blocked")
        #expect(first.string("tenant") == "/a/")
    }

    @Test func staticOnlyBlocksAppRequests() async throws {
        let log = LineCollector()
        let app = try #require(try Self.app(server: .init(enabled: true, action: .staticOnly), tenants: [("/a/", nil)], log: log))
        try await app.test(.router) { client in
            let bot = try await client.execute(uri: "/a/", method: .get, headers: [.userAgent: "curl/8.5.0"])
            #expect(bot.status == .forbidden)
        }
    }

    @Test func tenantSettingsReplaceTheServers() async throws {
        let log = LineCollector()
        let tenants: [(String, BotDetectionSettings?)] = [
            ("/open/", BotDetectionSettings(enabled: false)),
            ("/lenient/", BotDetectionSettings(enabled: true, action: .ignore)),
            ("/strict/", BotDetectionSettings(enabled: true, action: .reject)),
            ("/default/", nil),
        ]
        let app = try #require(try Self.app(server: .init(enabled: false), tenants: tenants, log: log))
        try await app.test(.router) { client in
            for (path, blocked) in [("/open/x", false), ("/lenient/x", false), ("/strict/x", true), ("/default/x", false)] {
                let response = try await client.execute(uri: path, method: .get, headers: Self.googlebot)
                #expect((response.status == .forbidden) == blocked, "\(path)")
            }
        }
    }

    @Test func theFullPipelinePlacesItAfterStaticAndMaintenance() throws {
        var configuration = NavigatorConfiguration()
        configuration.server.botDetection = BotDetectionSettings(enabled: true)
        configuration.applications.tenants = [TenantSpec(path: "/", name: "", root: "/tmp", command: AppCommand(executable: "true", arguments: []))]
        let names = try PipelineBuilder.stageNames(for: configuration)
        let bot = try #require(names.firstIndex(of: "bot-detection"))
        #expect(names.firstIndex(of: "static").map { $0 < bot } ?? true)
        #expect(names.last == "tenant-proxy")
        #expect(names[names.count - 2] == "bot-detection")
    }
}
