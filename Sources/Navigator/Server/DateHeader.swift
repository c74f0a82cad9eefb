#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// The `Date` response header, formatted once per second and shared by every connection (RFC 9110 §6.6.1).
///
/// Locally answered requests bypass Hummingbird's responder, which adds the header from its own cache; this gives
/// them the same header in the same format.
enum DateHeader {
    private static let cache = Mutex<(second: Int64, value: String)>((-1, ""))

    /// The header value for the current second.
    static func current() -> String {
        let now = Int64(time(nil))
        return cache.withLock { entry in
            if entry.second != now { entry = (now, HTTPTimestamp.format(now)) }
            return entry.value
        }
    }
}
