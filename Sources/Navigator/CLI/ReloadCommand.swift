#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `navigator -s reload` (D1): SIGHUP the server named by the pid file, then exit — never start a second server.
public enum ReloadCommand {
    /// Sends the signal; throws a message worded as Navigator's when the server is not running.
    public static func run(pidFile: PidFile) throws(ReloadCommandError) -> Int32 {
        let pid: Int32
        do {
            pid = try pidFile.read()
        } catch let error as PidFileError {
            throw .pidFile(error)
        } catch {
            throw .pidFile(.missing(pidFile.path))
        }
        if kill(pid, 0) != 0 && errno == ESRCH {
            // A stale file names a dead process: remove it so the next start is clean.
            unlink(pidFile.path)
            throw .notRunning(pid)
        }
        if kill(pid, SIGHUP) != 0 {
            throw .signalFailed(pid, String(cString: strerror(errno)))
        }
        return pid
    }
}

/// Why `-s reload` failed.
public enum ReloadCommandError: Error, Equatable, CustomStringConvertible {
    /// The pid file is missing or unreadable.
    case pidFile(PidFileError)
    /// The pid names no process (the stale file was removed).
    case notRunning(Int32)
    /// `kill` failed.
    case signalFailed(Int32, String)

    public var description: String {
        switch self {
        case .pidFile(let error): return error.description
        case .notRunning(let pid): return "navigator is not running (process \(pid) not found)"
        case .signalFailed(let pid, let reason): return "failed to send signal to process \(pid): \(reason)"
        }
    }
}
