import Foundation

/// Runs one of the headless-Chromium scripts in `Tests/browser/` against the real binary.
public enum BrowserScript {
    /// Runs `Tests/browser/<name>` with `--binary <the debug binary>` and `arguments`; returns its exit status and
    /// everything it printed (it prints `OK` on success, `FAIL: reason` otherwise).
    public static func run(_ name: String, arguments: [String] = []) throws -> (status: Int32, output: String) {
        let script = LiveNavigator.repositoryRoot.appendingPathComponent("Tests/browser/\(name)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--binary", LiveNavigator.binaryPath] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
