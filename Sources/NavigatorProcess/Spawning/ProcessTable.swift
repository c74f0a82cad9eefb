#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads `/proc` to recognise a process across a server restart (pid plus start time, so a reused pid is never
/// mistaken for our old child).
public enum ProcessTable {
    /// Field 22 of `/proc/<pid>/stat` (start time in clock ticks since boot), or `nil` when the
    /// process is gone or a zombie.
    public static func startTime(of pid: Int32) -> UInt64? {
        guard let text = readSmallFile("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the parenthesised command name start with field 3 (state).
        let fields = text[text.index(after: close)...].split(separator: " ")
        // A zombie has exited already; it only waits for its (new) parent to reap it.
        guard fields.count > 19, fields[0] != "Z" else { return nil }
        return UInt64(fields[19])
    }

    /// Whether `pid` is alive and started at `startTime`.
    public static func isSameProcess(pid: Int32, startTime: UInt64?) -> Bool {
        guard let current = self.startTime(of: pid) else { return false }
        return startTime == nil || current == startTime
    }

    /// The whole (small) file at `path`.
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
