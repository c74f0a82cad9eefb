import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A small file listing the process groups the server started (pid and start time per line), so that a server
/// restarted after being killed with SIGKILL can stop what its predecessor left behind (no orphans, issue 3).
///
/// `PR_SET_PDEATHSIG` already sends SIGTERM to each direct child when the server dies; this file covers the rest:
/// children that ignore SIGTERM and grandchildren in the same group.
public final class ChildRegistry: Sendable {
    /// One recorded child.
    public struct Entry: Sendable, Equatable {
        /// Process (and group) id.
        public var pid: Int32
        /// Start time from `/proc`, to tell our child from a process that reused its pid.
        public var startTime: UInt64?
    }

    /// The file; `nil` keeps the registry in memory only.
    public let path: String?
    private let entries = Mutex<[Int32: Entry]>([:])

    /// A registry persisted at `path`.
    public init(path: String?) {
        self.path = path
    }

    /// Records a child.
    public func add(_ child: ChildProcess) {
        entries.withLock { entries in
            entries[child.pid] = Entry(pid: child.pid, startTime: child.startTime)
            persist(entries)
        }
    }

    /// Forgets a child that exited.
    public func remove(pid: Int32) {
        entries.withLock { entries in
            entries[pid] = nil
            persist(entries)
        }
    }

    /// Stops every group listed in the file at `path` that still runs (SIGTERM, up to `grace`, SIGKILL) and
    /// empties the file; returns how many groups were found alive.
    @discardableResult
    public static func stopLeftovers(path: String, grace: Duration = .seconds(3)) async -> Int {
        guard let text = ProcessTable.readSmallFile(path) else { return 0 }
        let alive = text.split(separator: "\n").compactMap { line -> Entry? in
            let fields = line.split(separator: " ")
            guard let first = fields.first, let pid = Int32(first), pid > 1 else { return nil }
            let entry = Entry(pid: pid, startTime: fields.count > 1 ? UInt64(fields[1]) : nil)
            return ProcessTable.isSameProcess(pid: pid, startTime: entry.startTime) ? entry : nil
        }
        for entry in alive { kill(-entry.pid, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline,
              alive.contains(where: { ProcessTable.isSameProcess(pid: $0.pid, startTime: $0.startTime) }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for entry in alive { kill(-entry.pid, SIGKILL) }
        unlink(path)
        return alive.count
    }

    /// Rewrites the file atomically (write a temporary file, rename).
    private func persist(_ entries: [Int32: Entry]) {
        guard let path else { return }
        let text = entries.values.map { "\($0.pid) \($0.startTime.map(String.init) ?? "")\n" }.joined()
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let bytes = Array(text.utf8)
        _ = write(fd, bytes, bytes.count)
        close(fd)
        rename(temporary, path)
    }
}
