import Foundation
import Synchronization

/// The real `navigator` binary running on a config file in a temporary directory, bound to 127.0.0.1 port 0.
///
/// Start it with `LiveNavigator.start(config:)`; it reads the bound port from the "Server listening" log line.
public final class LiveNavigator: Sendable {
    /// The process.
    public let process: Process
    /// The temporary working directory (holds the config, the pid file and any test files).
    public let directory: URL
    /// The bound port.
    public let port: Int
    /// The pid file path passed with `--pid-file`.
    public let pidFile: String
    private let output: OutputCollector

    private init(process: Process, directory: URL, port: Int, pidFile: String, output: OutputCollector) {
        self.process = process
        self.directory = directory
        self.port = port
        self.pidFile = pidFile
        self.output = output
    }

    /// Path of the built binary: `NAVIGATOR_BINARY`, else `.build/debug/navigator` under the repository.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["NAVIGATOR_BINARY"] { return path }
        return repositoryRoot.appendingPathComponent(".build/debug/navigator").path
    }

    /// The repository root, found from this file's location.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh temporary directory.
    public static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("navigator-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `config` to `navigator.yml` in a new temp dir (or `directory`), starts the binary there (through
    /// `launcher` when given) and waits until it listens. `config` should set `server.listen: "127.0.0.1:0"`.
    public static func start(
        config: String, directory: URL? = nil, extraArguments: [String] = [], environment: [String: String] = [:],
        timeout: Duration = .seconds(60), launcher: [String] = []
    ) async throws -> LiveNavigator {
        let dir = try directory ?? makeTemporaryDirectory()
        let configURL = dir.appendingPathComponent("navigator.yml")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        let pidFile = dir.appendingPathComponent("navigator.pid").path
        let process = Process()
        // A launcher (e.g. `prlimit … --`) execs the binary in its place, so the pid stays the server's.
        let command = launcher + [binaryPath, "--pid-file", pidFile] + extraArguments + [configURL.path]
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let collector = OutputCollector()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { collector.append(data) }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let port = collector.listeningPort() {
                return LiveNavigator(process: process, directory: dir, port: port, pidFile: pidFile, output: collector)
            }
            if !process.isRunning {
                throw LiveNavigatorError.exited(status: process.terminationStatus, output: collector.text)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw LiveNavigatorError.notListening(output: collector.text)
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Everything the process printed so far.
    public var outputText: String { output.text }

    /// Output lines so far.
    public var outputLines: [String] { output.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    /// Sends `signal` to the process.
    public func send(signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns its status.
    public func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { throw LiveNavigatorError.stillRunning(output: output.text) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Waits until the output contains `text` (counting occurrences), or throws after `timeout`.
    public func waitForOutput(_ text: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while output.text.components(separatedBy: text).count - 1 < count {
            if ContinuousClock.now > deadline { throw LiveNavigatorError.outputMissing(text, output: output.text) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the server with SIGTERM (SIGKILL if it does not exit) and removes the temp dir.
    public func stop() async {
        if process.isRunning {
            send(signal: SIGTERM)
            if (try? await waitForExit(timeout: .seconds(10))) == nil { send(signal: SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Why a live server could not be used.
public enum LiveNavigatorError: Error, CustomStringConvertible {
    /// The process exited before listening.
    case exited(status: Int32, output: String)
    /// No "Server listening" line in time.
    case notListening(output: String)
    /// The process did not exit in time.
    case stillRunning(output: String)
    /// Expected output never appeared.
    case outputMissing(String, output: String)

    public var description: String {
        switch self {
        case .exited(let status, let output): return "navigator exited with \(status) before listening:\n\(output)"
        case .notListening(let output): return "navigator did not start listening:\n\(output)"
        case .stillRunning(let output): return "navigator did not exit:\n\(output)"
        case .outputMissing(let text, let output): return "output never contained \(text):\n\(output)"
        }
    }
}

/// Thread-safe accumulation of a child's output.
final class OutputCollector: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The port from the first `Server listening … address=…:PORT` line.
    func listeningPort() -> Int? {
        for line in text.split(separator: "\n") where line.contains("Server listening") {
            guard let range = line.range(of: "address=") else { continue }
            let address = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            let cleaned = address.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if let colon = cleaned.lastIndex(of: ":"), let port = Int(cleaned[cleaned.index(after: colon)...]) { return port }
        }
        return nil
    }
}
