#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A cgroup v2 memory limit for one app (F24, D9): `/sys/fs/cgroup/navigator/<name>` with `memory.max`.
public struct MemoryCgroup: Sendable, Equatable {
    /// The cgroup directory.
    public let directory: String

    /// `cgroup.procs`, which the child writes itself into before exec.
    public var procsPath: String { directory + "/cgroup.procs" }

    /// Creates (or reuses) the cgroup for `name` with `limit` bytes; `nil` with a reason when cgroups v2 with the
    /// memory controller is not usable (not root, read-only or v1-only hierarchy).
    public static func prepare(
        name: String, limit: Int64, roots: [String] = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"]
    ) -> Result<MemoryCgroup, Unavailable> {
        guard UserLookup.isRoot else { return .failure(Unavailable(reason: "not running as root")) }
        let usable = roots.first { root in
            ProcessTable.readSmallFile(root + "/cgroup.controllers")?
                .split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("memory") ?? false
        }
        guard let root = usable else {
            return .failure(Unavailable(reason: "no cgroup v2 memory controller (looked in \(roots.joined(separator: ", ")))"))
        }
        let parent = root + "/navigator"
        mkdir(parent, 0o755)
        // Children of `parent` get a memory controller only when the parents delegate it.
        _ = writeFile(root + "/cgroup.subtree_control", "+memory")
        _ = writeFile(parent + "/cgroup.subtree_control", "+memory")
        let directory = parent + "/" + sanitized(name)
        mkdir(directory, 0o755)
        guard writeFile(directory + "/memory.max", String(limit)) else {
            return .failure(Unavailable(reason: "cannot write \(directory)/memory.max: \(String(cString: strerror(errno)))"))
        }
        return .success(MemoryCgroup(directory: directory))
    }

    /// How many times the kernel's OOM killer fired in this cgroup (`memory.events` `oom_kill`).
    public var oomKillCount: Int {
        guard let text = ProcessTable.readSmallFile(directory + "/memory.events") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
            return Int(line.dropFirst("oom_kill ".count)) ?? 0
        }
        return 0
    }

    /// Peak memory use in bytes (`memory.peak`), when the kernel reports it.
    public var peakBytes: Int64? {
        ProcessTable.readSmallFile(directory + "/memory.peak").flatMap { Int64($0.trimmingCharacters()) }
    }

    /// Removes the (empty) cgroup directory.
    public func remove() {
        rmdir(directory)
    }

    /// Navigator's name rule: `/\:*?"<>|` become `_`; empty → `app`.
    public static func sanitized(_ name: String) -> String {
        let replaced = String(name.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
        return replaced.isEmpty ? "app" : replaced
    }

    /// Why no cgroup could be used.
    public struct Unavailable: Error, Sendable, Equatable {
        /// Human-readable reason (logged once as a warning).
        public var reason: String
    }

    private static func writeFile(_ path: String, _ text: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return write(fd, bytes, bytes.count) == bytes.count
    }
}
