import FoundationEssentials

/// The pid file (D26): written at start (decimal pid, no newline, mode 0644), removed on every exit path (D20).
public struct PidFile: Sendable {
    /// Default path, as Navigator.
    public static let defaultPath = "/tmp/navigator.pid"

    /// Where the file lives.
    public let path: String

    /// A pid file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The path from `--pid-file`, else `NAVIGATOR_PID_FILE`, else `/tmp/navigator.pid`.
    public static func resolve(option: String?, environment: [String: String]) -> PidFile {
        if let option, !option.isEmpty { return PidFile(path: option) }
        if let env = environment["NAVIGATOR_PID_FILE"], !env.isEmpty { return PidFile(path: env) }
        return PidFile(path: defaultPath)
    }

    /// Writes the current process id; throws with the path in the message when it cannot.
    public func write(pid: Int32 = ProcessInfo.processInfo.processIdentifier) throws {
        let ok = FileManager.default.createFile(
            atPath: path, contents: Data(String(pid).utf8), attributes: [.posixPermissions: 0o644]
        )
        if !ok { throw PidFileError.notWritable(path) }
    }

    /// Removes the file if it still names this process (a newer server may have replaced it).
    public func remove(pid: Int32 = ProcessInfo.processInfo.processIdentifier) {
        if let current = try? read(), current != pid { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The pid recorded in the file.
    public func read() throws -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else { throw PidFileError.missing(path) }
        let text = String(String(decoding: data, as: UTF8.self).trimmingWhitespace())
        guard let pid = Int32(text), pid > 0 else { throw PidFileError.invalid(text) }
        return pid
    }
}

/// Pid file failures, worded as Navigator's.
public enum PidFileError: Error, CustomStringConvertible, Equatable {
    /// No file.
    case missing(String)
    /// The file's content is not a pid.
    case invalid(String)
    /// The file cannot be written.
    case notWritable(String)

    public var description: String {
        switch self {
        case .missing: return "navigator is not running (PID file not found)"
        case .invalid(let text): return "invalid PID in file: \(text)"
        case .notWritable(let path): return "cannot write PID file \(path)"
        }
    }
}
