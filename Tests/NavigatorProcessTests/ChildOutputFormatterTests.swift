import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// Child output formats (§1b).
@Suite struct ChildOutputFormatterTests {
    let line = ChildOutputLine(source: "2025/boston", stream: .stderr, text: "he said \"hi\"")

    @Test func textFormatPrefixesSourceAndStream() {
        #expect(ChildOutputFormatter.render(line, format: .text, timestamp: "T") == "[2025/boston.stderr] he said \"hi\"")
    }

    @Test func jsonFormatWrapsPlainLines() {
        #expect(ChildOutputFormatter.render(line, format: .json, timestamp: "T")
            == #"{"@timestamp":"T","source":"2025/boston","stream":"stderr","message":"he said \"hi\""}"#)
    }

    @Test func railsJSONLinesPassThroughVerbatim() {
        let rails = ChildOutputLine(source: "a", stream: .stdout, text: #"{"@timestamp":"x","severity":"INFO","message":"m"}"#)
        #expect(ChildOutputFormatter.render(rails, format: .json, timestamp: "T") == rails.text)
        #expect(ChildOutputFormatter.renderForVector(rails, timestamp: "T")
            == #"{"@timestamp":"x","severity":"INFO","message":"m","tenant":"a"}"#)
    }

    @Test func routerWritesTheLogFileWithTheAppName() throws {
        let directory = FileManagerHelper.temporaryDirectory()
        let router = ChildOutputRouter(settings: LoggingSettings(format: .text, file: directory + "/logs/{{app}}.log"),
                                       standardOutput: { _ in })
        router.write(ChildOutputLine(source: "web", stream: .stdout, text: "one"))
        router.write(ChildOutputLine(source: "web", stream: .stdout, text: "two"))
        #expect(ProcessTable.readSmallFile(directory + "/logs/web.log") == "[web.stdout] one\n[web.stdout] two\n")
    }
}

import Foundation

/// Temporary directories for tests.
enum FileManagerHelper {
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("navproc-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
