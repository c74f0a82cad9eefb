import Crypto
import FoundationEssentials
import Synchronization

/// A bounded, least-recently-used set of credentials that verified against one version of an htpasswd file, so a
/// logged-in browser does not pay for bcrypt on every request.
///
/// Entries are keyed by HMAC-SHA-256 under a key made at start-up, of the user name and password: neither is kept
/// in memory. The whole cache is tied to a file generation; when the file changes every entry is dropped.
final class CredentialCache: Sendable {
    /// An opaque cache key.
    struct Key: Hashable, Sendable {
        fileprivate let digest: [UInt8]
    }

    private struct State {
        var generation: UInt64 = 0
        var lastUse: [Key: UInt64] = [:]
        var clock: UInt64 = 0
    }

    /// Maximum number of entries; 0 disables caching.
    let capacity: Int
    private let secret = SymmetricKey(size: .bits256)
    private let state = Mutex(State())

    /// Creates an empty cache.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The key for `user` and `password`.
    func key(user: String, password: [UInt8]) -> Key {
        var message = Array(user.utf8)
        message.append(0)
        message += password
        return Key(digest: Array(HMAC<SHA256>.authenticationCode(for: message, using: secret)))
    }

    /// Whether `key` verified against file `generation`; refreshes its recency.
    func contains(_ key: Key, generation: UInt64) -> Bool {
        state.withLock { state in
            guard state.generation == generation, state.lastUse[key] != nil else { return false }
            state.clock += 1
            state.lastUse[key] = state.clock
            return true
        }
    }

    /// Records a successful verification against file `generation`, evicting the least recently used entry when full.
    func insert(_ key: Key, generation: UInt64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            if state.generation != generation {
                // Only a newer generation replaces the cache; a late result for an old file is dropped.
                guard generation > state.generation else { return }
                state.generation = generation
                state.lastUse.removeAll()
            }
            if state.lastUse[key] == nil, state.lastUse.count >= capacity,
               let oldest = state.lastUse.min(by: { $0.value < $1.value })?.key {
                state.lastUse.removeValue(forKey: oldest)
            }
            state.clock += 1
            state.lastUse[key] = state.clock
        }
    }

    /// Drops every entry (the file changed).
    func invalidate(generation: UInt64) {
        state.withLock { state in
            state.generation = max(state.generation, generation)
            state.lastUse.removeAll()
        }
    }

    /// Number of entries (tests).
    var count: Int { state.withLock { $0.lastUse.count } }
}
