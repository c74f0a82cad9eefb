import Foundation
import NavigatorTestSupport
import Testing

/// A real headless Chromium against the real binary (Tests/browser/cable_browser.py): the demo page's client receives
/// broadcasts, survives a long restart, and a replica of the turbo_cable gem's controller survives a short one.
/// Fails (never skips) when chromium, chromedriver or selenium is missing: scripts/test.sh installs them.
@Suite(.serialized) struct ChromiumCableTests {
    @Test(.timeLimit(.minutes(3))) func demoPageAndGemControllerSurviveRestarts() throws {
        let script = LiveNavigator.repositoryRoot.appendingPathComponent("Tests/browser/cable_browser.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--binary", LiveNavigator.binaryPath]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("OK"), "\(output)")
    }
}
