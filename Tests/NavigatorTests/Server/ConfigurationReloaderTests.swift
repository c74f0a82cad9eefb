import Foundation
import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Testing

/// The reloader in process with real files: F5 path switching and the all-or-nothing swap.
@Suite struct ConfigurationReloaderTests {
    /// Two config files in a temporary directory and a reloader serving the first.
    struct Fixture {
        let directory: URL
        let first: String
        let second: String
        let holder: PipelineHolder
        let reloader: ConfigurationReloader

        init() throws {
            directory = try LiveNavigator.makeTemporaryDirectory()
            first = directory.appendingPathComponent("first.yml").path
            second = directory.appendingPathComponent("second.yml").path
            try Self.config(hostname: "first").write(toFile: first, atomically: true, encoding: .utf8)
            try Self.config(hostname: "second").write(toFile: second, atomically: true, encoding: .utf8)
            let services = TestApplication.services()
            holder = PipelineHolder(try PipelineBuilder.pipeline(
                generation: 1, configuration: try ConfigLoader.load(path: first), services: services))
            reloader = ConfigurationReloader(
                holder: holder, services: services, logFormat: LogFormatSwitch(), configPath: first)
        }

        static func config(hostname: String) -> String {
            "server:\n  listen: \"127.0.0.1:0\"\n  hostname: \(hostname)\n"
        }

        var hostname: String { holder.pipeline.configuration.server.hostname }

        func cleanUp() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func reloadConfigSwitchesToAnotherFileAndLaterReloadsReadIt() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        #expect(fixture.reloader.requestReload(configPath: fixture.second))
        await fixture.reloader.waitUntilIdle()
        #expect(fixture.reloader.configPath == fixture.second)
        #expect(fixture.hostname == "second")
        #expect(fixture.holder.pipeline.generation == 2)
        // A plain reload (SIGHUP) now reads the new path.
        try Fixture.config(hostname: "second-edited").write(toFile: fixture.second, atomically: true, encoding: .utf8)
        #expect(fixture.reloader.requestReload())
        await fixture.reloader.waitUntilIdle()
        #expect(fixture.hostname == "second-edited")
    }

    @Test func reloadConfigOfTheSameUnchangedFileOrAMissingFileDoesNothing() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        #expect(!fixture.reloader.requestReload(configPath: fixture.first))
        #expect(!fixture.reloader.requestReload(configPath: fixture.directory.appendingPathComponent("missing.yml").path))
        await fixture.reloader.waitUntilIdle()
        #expect(fixture.holder.pipeline.generation == 1)
        #expect(fixture.reloader.configPath == fixture.first)
    }

    @Test func reloadConfigOfTheSameFileReloadsWhenItChanged() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        try Fixture.config(hostname: "edited").write(toFile: fixture.first, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: fixture.first)
        #expect(fixture.reloader.requestReload(configPath: fixture.first))
        await fixture.reloader.waitUntilIdle()
        #expect(fixture.hostname == "edited")
    }

    @Test func aFailedLoadKeepsTheGenerationAndCountsButTheSwitchedPathStays() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        try "server:\n  listen: 99999\n".write(toFile: fixture.second, atomically: true, encoding: .utf8)
        #expect(fixture.reloader.requestReload(configPath: fixture.second))
        await fixture.reloader.waitUntilIdle()
        #expect(fixture.holder.pipeline.generation == 1)
        #expect(fixture.hostname == "first")
        #expect(fixture.reloader.failureCount == 1)
        // Navigator's rule: the path switched with the request, so fixing that file and reloading picks it up.
        #expect(fixture.reloader.configPath == fixture.second)
        try Fixture.config(hostname: "fixed").write(toFile: fixture.second, atomically: true, encoding: .utf8)
        #expect(fixture.reloader.requestReload())
        await fixture.reloader.waitUntilIdle()
        #expect(fixture.hostname == "fixed")
        #expect(fixture.reloader.failureCount == 1)
    }
}
