import NavigatorConfig
import Testing
@testable import Navigator

/// Which settings a reload refuses (they are bound when the server starts).
@Suite struct RestartOnlySettingsTests {
    @Test func listenLimitsAndCableFrameSizeAreReportedWithBothValues() {
        let running = NavigatorConfiguration()
        var requested = running
        requested.server.listen = ListenAddress(host: "127.0.0.1", port: 8080)
        requested.server.limits.headerTimeout = .seconds(5)
        requested.cable.maxMessageSize = 1024
        let changes = RestartOnlySettings(running).changes(to: RestartOnlySettings(requested))
        #expect(changes.count == 3)
        #expect(changes[0] == "server.listen (:3000 → 127.0.0.1:8080)")
        #expect(changes[1].hasPrefix("server.limits.header_timeout ("))
        #expect(changes[2] == "cable.max_message_size (131072 → 1024)")
    }

    @Test func settingsAReloadAppliesAreNotReported() {
        let running = NavigatorConfiguration()
        var requested = running
        requested.server.limits.maxBodySize = 10
        requested.server.hostname = "example.com"
        #expect(RestartOnlySettings(running).changes(to: RestartOnlySettings(requested)).isEmpty)
    }
}
