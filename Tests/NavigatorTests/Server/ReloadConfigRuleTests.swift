import Foundation
import Testing
@testable import Navigator

/// F5's `reload_config` rules: switch to another existing file; reload the same file only when it changed.
@Suite struct ReloadConfigRuleTests {
    let loaded = Date(timeIntervalSince1970: 1_000_000)

    @Test func anotherExistingFileIsASwitch() {
        let decision = ReloadConfigRule.decide(
            requested: "/etc/next.yml", current: "/etc/navigator.yml", lastLoad: loaded,
            modificationDate: { _ in loaded - 100 })
        #expect(decision == .reload(path: "/etc/next.yml", switched: true))
    }

    @Test func theSameFileReloadsOnlyWhenModifiedAfterTheLastLoad() {
        let newer = ReloadConfigRule.decide(
            requested: "/etc/navigator.yml", current: "/etc/navigator.yml", lastLoad: loaded,
            modificationDate: { _ in loaded + 1 })
        #expect(newer == .reload(path: "/etc/navigator.yml", switched: false))
        let older = ReloadConfigRule.decide(
            requested: "/etc/navigator.yml", current: "/etc/navigator.yml", lastLoad: loaded,
            modificationDate: { _ in loaded })
        #expect(older == .ignore("config file unchanged since the last load"))
    }

    @Test func aMissingFileOrAnEmptyPathIsIgnored() {
        let missing = ReloadConfigRule.decide(
            requested: "/nonexistent/navigator-next.yml", current: "/etc/navigator.yml", lastLoad: loaded)
        #expect(missing == .ignore("reload_config file not found"))
        let empty = ReloadConfigRule.decide(requested: "", current: "/etc/navigator.yml", lastLoad: loaded)
        #expect(empty == .ignore("no reload_config path"))
    }

    @Test func realFilesAreJudgedByTheirModificationTime() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rule-\(UUID().uuidString).yml").path
        try "server: {}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(ReloadConfigRule.decide(requested: path, current: path, lastLoad: Date().addingTimeInterval(60))
            == .ignore("config file unchanged since the last load"))
        #expect(ReloadConfigRule.decide(requested: path, current: path, lastLoad: Date().addingTimeInterval(-60))
            == .reload(path: path, switched: false))
    }
}
