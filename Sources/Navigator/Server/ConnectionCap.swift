public import Logging
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Keeps the server clear of its open-file limit: past `limit` open client connections, new ones are closed as soon
/// as they are accepted. Running out of descriptors is worse than refusing a client: accept fails in a loop, upstream
/// and file opens fail, and libdispatch's worker monitor (which reads `/proc`) aborts the process.
///
/// Navigator (Go) has no cap; Go raises the soft `RLIMIT_NOFILE` to the hard one at start, which we do too.
public final class ConnectionCap: Sendable {
    /// Most client connections open at once.
    let limit: Int
    private let open = Atomic<Int>(0)
    private let refusing = Atomic<Bool>(false)
    private let logger: Logger

    /// A cap of `limit` connections.
    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// The cap for this process: its open-file limit (after raising the soft limit to the hard one) minus a
    /// reserve of a tenth, at least 32, for upstream connections, files, pipes and logs.
    static func forThisProcess(logger: Logger) -> ConnectionCap {
        let descriptors = FileDescriptorLimit.raiseSoftLimitToHard()
        return ConnectionCap(limit: limit(forDescriptors: descriptors), logger: logger)
    }

    /// `descriptors` minus the reserve (never below 1).
    static func limit(forDescriptors descriptors: Int) -> Int {
        max(1, descriptors - max(32, descriptors / 10))
    }

    /// Counts `channel` until it closes; `false` (and the caller closes it) when the cap is reached.
    func admit(_ channel: any Channel) -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard now <= limit else {
            open.wrappingSubtract(1, ordering: .relaxed)
            if !refusing.exchange(true, ordering: .relaxed) {
                logger.warning("Connection limit reached; closing new connections", metadata: ["limit": "\(limit)"])
            }
            return false
        }
        refusing.store(false, ordering: .relaxed)
        channel.closeFuture.whenComplete { [self] _ in open.wrappingSubtract(1, ordering: .relaxed) }
        return true
    }
}

/// The process's `RLIMIT_NOFILE`.
enum FileDescriptorLimit {
    /// Raises the soft limit to the hard one (as Go's runtime does) and returns the soft limit in force.
    @discardableResult
    static func raiseSoftLimitToHard() -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return 1024 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        return Int(clamping: min(limits.rlim_cur, rlim_t(Int32.max)))
    }
}
