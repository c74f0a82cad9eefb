import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The long-lived auth services shared by every pipeline generation: one `HtpasswdStore` per file path (so reloads
/// keep caches and watchers), the thread pool passwords are hashed on, and the watchers that notice file changes.
public final class AuthServices: Sendable {
    /// How often each htpasswd file is checked for changes (D21 asks for ≤ 1 s).
    public static let defaultPollInterval: Duration = .milliseconds(250)
    /// Verified credentials kept per file.
    public static let defaultCacheCapacity = 1024

    private let stores = Mutex<[String: HtpasswdStore]>([:])
    private let pollInterval: Duration
    private let cacheCapacity: Int
    private let missCheckInterval: Duration
    /// Where bcrypt and the other slow hashes run; never an event loop.
    let hashing: HashingPool

    /// Creates the services with a hashing pool of `threads` threads (default: one fewer than the cores, at least
    /// one, so the event loops always keep a core while bcrypt runs). A failed login checks the file at most once
    /// per `missCheckInterval`.
    public init(
        threads: Int = max(1, System.coreCount - 1), pollInterval: Duration = defaultPollInterval,
        cacheCapacity: Int = defaultCacheCapacity, missCheckInterval: Duration = .seconds(1)
    ) {
        self.hashing = HashingPool(threads: threads)
        self.pollInterval = pollInterval
        self.cacheCapacity = cacheCapacity
        self.missCheckInterval = missCheckInterval
    }

    /// The store for `path`: the existing one, brought up to date, or a new one loaded now (throws when the file
    /// cannot be read — at start-up that is fatal, on reload the old generation keeps serving, as Navigator).
    func store(path: String, logger: Logger) throws -> HtpasswdStore {
        if let existing = stores.withLock({ $0[path] }) {
            existing.refresh()
            return existing
        }
        let store = try HtpasswdStore(
            path: path, cacheCapacity: cacheCapacity, hashing: hashing, logger: logger, missCheckInterval: missCheckInterval
        )
        let winner = stores.withLock { stores -> HtpasswdStore in
            if let raced = stores[path] { return raced }
            stores[path] = store
            return store
        }
        if winner === store { HtpasswdWatcher.start(store: store, interval: pollInterval) }
        return winner
    }
}

/// The threads passwords are hashed on. Every store holds it, so it lives as long as any store that needs it and
/// stops when the last one is gone.
final class HashingPool: Sendable {
    /// The pool.
    let pool: NIOThreadPool

    /// Starts `threads` threads.
    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// Runs `body` on a pool thread.
    func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async throws -> Value {
        try await pool.runIfActive(body)
    }
}

/// Polls one store's file for changes until the store is gone.
enum HtpasswdWatcher {
    /// Starts the polling task; it holds the store weakly and ends when the store is released.
    static func start(store: HtpasswdStore, interval: Duration) {
        Task { [weak store] in
            while true {
                try? await Task.sleep(for: interval)
                guard let current = store else { return }
                // Blocking stat()/read: off the event loops, and not on the hashing pool, which bcrypt may keep busy.
                _ = try? await NIOThreadPool.singleton.runIfActive { current.refresh() }
            }
        }
    }
}
