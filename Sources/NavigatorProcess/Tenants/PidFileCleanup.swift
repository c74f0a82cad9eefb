#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `PIDFILE` convention (F2): a stale app (Puma refuses to start while its pid file names a live process) is
/// signalled before a start, and the file is deleted before the start and after the stop.
public enum PidFileCleanup {
    /// SIGTERM to the pid in `path`, SIGKILL 100 ms later if still alive, then deletes the file.
    public static func killStaleProcess(pidFile path: String) async {
        if let text = ProcessTable.readSmallFile(path),
           let pid = Int32(text.trimmingCharacters()), pid > 1, pid != getpid() {
            if kill(pid, SIGTERM) == 0 {
                try? await Task.sleep(for: .milliseconds(100))
                kill(pid, SIGKILL)
            }
        }
        unlink(path)
    }

    /// Deletes the file.
    public static func remove(pidFile path: String) {
        unlink(path)
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines.
    func trimmingCharacters() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
