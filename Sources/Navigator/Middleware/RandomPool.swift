#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Random words from the kernel's CSPRNG, fetched a few kilobytes at a time: a request id needs 16 random bytes, and
/// asking the kernel for each would cost every request two `getrandom` calls.
final class RandomPool: Sendable {
    /// Words fetched per refill (4 KiB).
    static let batch = 512

    /// The process-wide pool.
    static let shared = RandomPool()

    private struct State {
        var words: [UInt64] = []
        var next = 0
    }

    private let state = Mutex(State())

    /// Two fresh random words, never handed out before.
    func twoWords() -> (UInt64, UInt64) {
        state.withLock { state in
            if state.next + 2 > state.words.count {
                state.words = Self.fetch(Self.batch)
                state.next = 0
            }
            defer { state.next += 2 }
            return (state.words[state.next], state.words[state.next + 1])
        }
    }

    /// The kernel's random device, opened once; -1 when it cannot be opened.
    private static let device: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    /// `count` words in one read of `/dev/urandom` (the stdlib's generator makes a system call per word).
    private static func fetch(_ count: Int) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: count)
        if device >= 0 {
            let filled = words.withUnsafeMutableBytes { raw in read(device, raw.baseAddress, raw.count) }
            if filled == count * 8 { return words }
        }
        var generator = SystemRandomNumberGenerator()
        return words.map { _ in generator.next() }
    }
}
