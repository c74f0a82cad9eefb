import Foundation
import Testing
@testable import NavigatorConfig

/// YAML in → normalised compiled configuration out, for the sample and every example.
/// Run with `UPDATE_GOLDEN=1` to rewrite the golden files after an intended change.
@Suite struct GoldenTests {
    /// Config files relative to the repository root.
    static let files: [String] = {
        let examples = (try? FileManager.default.contentsOfDirectory(atPath: Fixture.repoRoot + "/examples")) ?? []
        return ["navigator.yml.sample"] + examples.filter { $0.hasSuffix(".yml") }.sorted().map { "examples/\($0)" }
    }()

    /// Where golden files live in the source tree.
    static let goldenDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("Golden").path

    @Test func thereAreExamples() {
        #expect(Self.files.count >= 9)
    }

    @Test(arguments: files)
    func golden(file: String) throws {
        let config = try ConfigLoader.load(path: file, environment: [:], workingDirectory: Fixture.repoRoot)
        #expect(config.warnings == [], "\(config.warnings)")
        let rendered = ConfigRenderer.render(config, workingDirectory: Fixture.repoRoot)
        let goldenPath = Self.goldenDirectory + "/" + file.replacing("/", with: "_") + ".golden"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try rendered.write(toFile: goldenPath, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: goldenPath, encoding: .utf8)
        #expect(rendered == expected)
    }
}
