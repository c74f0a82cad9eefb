#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// The `Date` response header, formatted once per second and shared by every connection (RFC 9110 §6.6.1), as Go's
/// server adds it to every response.
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
