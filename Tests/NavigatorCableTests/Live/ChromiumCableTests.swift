import Foundation
import NavigatorTestSupport
import Testing

/// A real headless Chromium against the real binary (Tests/browser/cable_browser.py): the demo page's client receives
/// broadcasts, survives a long restart, and a replica of the turbo_cable gem's controller survives a short one.
/// Fails (never skips) when chromium, chromedriver or selenium is missing: scripts/test.sh installs them.
@Suite(.serialized) struct ChromiumCableTests {
    @Test(.timeLimit(.minutes(3))) func demoPageAndGemControllerSurviveRestarts() throws {
        let (status, output) = try BrowserScript.run("cable_browser.py")
        #expect(status == 0, "\(output)")
        #expect(output.contains("OK"), "\(output)")
    }
}
