import FoundationEssentials
import Logging
import NIOPosix
import NavigatorCore
import Synchronization

/// One htpasswd file's users, kept current while the server runs, and the place passwords are checked (F6, D21).
///
/// Long-lived: it survives configuration reloads (see `HtpasswdRegistry`), so its cache and its view of the file
/// carry over. A watcher calls `refresh()` a few times a second; a changed fingerprint re-reads the file, bumps the
/// generation and empties the credential cache. A failed check also looks at the file at once (as Navigator, which
/// re-reads on a miss), so a user just appended is accepted on the first try; those checks are rate-limited to one
/// per `missCheckInterval`, and only a changed fingerprint reads the file, so guessing cannot turn misses into reads.
/// A file that cannot be read keeps the last good users and logs one error until it can be read again.
final class HtpasswdStore: Sendable {
    /// Why loading failed.
    struct LoadError: Error, CustomStringConvertible {
        /// The file.
        let path: String
        /// What went wrong.
        let reason: String
        var description: String { "cannot read htpasswd file \(path): \(reason)" }
    }

    private struct State {
        var file: HtpasswdFile
        var fingerprint: FileFingerprint?
        var generation: UInt64
        var failing: Bool
    }

    /// The file.
    let path: String
    /// Verified credentials.
    let cache: CredentialCache
    private let logger: Logger
    private let hashing: HashingPool
    private let state: Mutex<State>
    private let inFlight = Mutex<[InFlightKey: Task<Bool, Never>]>([:])
    /// The least time between two file checks caused by failed logins.
    let missCheckInterval: Duration
    private let lastMissCheck = Mutex<ContinuousClock.Instant?>(nil)

    /// A running check: the credentials and the file generation they are checked against.
    private struct InFlightKey: Hashable {
        let key: CredentialCache.Key
        let generation: UInt64
    }

    /// Loads `path` now; throws when it cannot be read (a start-up or reload error).
    init(
        path: String, cacheCapacity: Int, hashing: HashingPool, logger: Logger, missCheckInterval: Duration = .seconds(1)
    ) throws {
        let fingerprint = FileFingerprint(path: path)
        guard let text = Self.read(path) else { throw LoadError(path: path, reason: "not readable") }
        let file = HtpasswdFile(text: text)
        self.path = path
        self.cache = CredentialCache(capacity: cacheCapacity)
        self.logger = logger
        self.hashing = hashing
        self.missCheckInterval = missCheckInterval
        self.state = Mutex(State(file: file, fingerprint: fingerprint, generation: 1, failing: false))
        Self.logLoaded(file, path: path, logger: logger)
    }

    /// The current generation (increases with every successful re-read).
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The user names currently known (tests and diagnostics).
    var userNames: [String] { state.withLock { Array($0.file.users.keys) } }

    /// Re-reads the file if its fingerprint changed; returns whether the users were replaced. Blocking: call it off
    /// the event loops.
    @discardableResult
    func refresh() -> Bool {
        let fingerprint = FileFingerprint(path: path)
        let (unchanged, wasFailing) = state.withLock { ($0.fingerprint == fingerprint && fingerprint != nil, $0.failing) }
        if unchanged, !wasFailing { return false }
        guard fingerprint != nil, let text = Self.read(path) else {
            let firstFailure = state.withLock { state -> Bool in
                defer { state.failing = true; state.fingerprint = fingerprint }
                return !state.failing
            }
            if firstFailure {
                logger.error(
                    "Failed to reload htpasswd file; keeping the previous users",
                    metadata: .ordered(["file": .string(path), "error": .string(fingerprint == nil ? "missing" : "not readable")])
                )
            }
            return false
        }
        let file = HtpasswdFile(text: text)
        let generation = state.withLock { state -> UInt64 in
            state.file = file
            state.fingerprint = fingerprint
            state.failing = false
            state.generation += 1
            return state.generation
        }
        cache.invalidate(generation: generation)
        logger.info("Reloaded htpasswd file", metadata: .ordered(["file": .string(path), "users": "\(file.users.count)"]))
        return true
    }

    /// Whether `user` with `password` is valid now. A miss checks the file first (at most once per
    /// `missCheckInterval`) and, when it changed, checks again against the new users.
    func verify(user: String, password: [UInt8]) async -> Bool {
        if await check(user: user, password: password) { return true }
        guard claimMissCheck() else { return false }
        // stat() (and, only when the file changed, a read) off the event loops; the request waits for it.
        let changed = (try? await NIOThreadPool.singleton.runIfActive { self.refresh() }) ?? false
        guard changed else { return false }
        return await check(user: user, password: password)
    }

    /// Whether a miss may check the file now; records the check when it may.
    private func claimMissCheck() -> Bool {
        let now = ContinuousClock.now
        return lastMissCheck.withLock { last in
            if let last, now - last < missCheckInterval { return false }
            last = now
            return true
        }
    }

    /// Whether `user` with `password` matches the users as loaded. Cheap hashes are checked inline; expensive ones
    /// on the hashing pool, with concurrent checks of the same credentials sharing one computation.
    private func check(user: String, password: [UInt8]) async -> Bool {
        let (hash, generation) = state.withLock { ($0.file.users[user], $0.generation) }
        guard let hash else { return false }
        let key = cache.key(user: user, password: password)
        if cache.contains(key, generation: generation) { return true }
        let valid: Bool
        switch hash.cost {
        case .cheap:
            valid = hash.verify(password)
        case .expensive:
            valid = await sharedCheck(key: key, generation: generation) { [hashing] in
                (try? await hashing.run { hash.verify(password) }) ?? false
            }
        }
        if valid { cache.insert(key, generation: generation) }
        return valid
    }

    /// Runs `check` once for every concurrent caller with the same key and generation.
    private func sharedCheck(
        key: CredentialCache.Key, generation: UInt64, _ check: @escaping @Sendable () async -> Bool
    ) async -> Bool {
        let flight = InFlightKey(key: key, generation: generation)
        let task = inFlight.withLock { tasks -> Task<Bool, Never> in
            if let running = tasks[flight] { return running }
            let task = Task { await check() }
            tasks[flight] = task
            return task
        }
        let result = await task.value
        inFlight.withLock { tasks in
            if tasks[flight] == task { tasks.removeValue(forKey: flight) }
        }
        return result
    }

    /// The file's text, or `nil` when unreadable.
    private static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Logs a summary and any lines that will never match.
    private static func logLoaded(_ file: HtpasswdFile, path: String, logger: Logger) {
        logger.debug("Loaded htpasswd file", metadata: .ordered(["file": .string(path), "users": "\(file.users.count)"]))
        for (user, hash) in file.users where hash.format == "invalid" {
            logger.warning("htpasswd entry has a malformed hash and never matches", metadata: .ordered(["file": .string(path), "user": .string(user)]))
        }
    }
}
