#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix
import Synchronization

/// Writes whole lines to a file descriptor, in order, so log lines from many tasks never interleave.
///
/// Lines logged on an event-loop thread (every request's access-log line) are gathered and written together by
/// one task queued on that loop, so a loop tick that answers many requests makes one `write` instead of one per
/// line; a line waits at most until the loop runs its queued tasks. Lines from any other thread, and any batch
/// past `flushThreshold`, are written at once. `flush()` writes whatever is waiting (the process calls it before
/// it exits).
public final class OutputWriter: Sendable {
    /// Lines not yet written, and whether a loop task will write them.
    private struct Pending {
        var bytes: [UInt8] = []
        var flushQueued = false
    }

    /// Bytes gathered past this are written without waiting for the queued task.
    static let flushThreshold = 64 * 1024

    private let fd: Int32
    // One lock for appending and writing keeps the lines in the order they were logged.
    private let pending = Mutex(Pending())

    /// Standard output, shared by Navigator's log, the access log and child output (as Navigator does).
    public static let standardOutput = OutputWriter(fileDescriptor: 1)
    /// Standard error, for CLI errors.
    public static let standardError = OutputWriter(fileDescriptor: 2)

    /// Writes to `fileDescriptor` (not closed by this type).
    public init(fileDescriptor: Int32) {
        self.fd = fileDescriptor
    }

    /// Writes `line` followed by a newline: now, or with the other lines of this event-loop tick.
    public func writeLine(_ line: String) {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop
        let queueFlush = pending.withLock { pending -> Bool in
            pending.bytes.append(contentsOf: line.utf8)
            pending.bytes.append(UInt8(ascii: "\n"))
            if loop == nil || pending.bytes.count >= Self.flushThreshold {
                writeAll(&pending)
                return false
            }
            guard !pending.flushQueued else { return false }
            pending.flushQueued = true
            return true
        }
        if queueFlush, let loop { loop.execute { self.flush() } }
    }

    /// Writes every line still waiting.
    public func flush() {
        pending.withLock { writeAll(&$0) }
    }

    /// Writes and empties the gathered bytes; called with the lock held.
    private func writeAll(_ pending: inout Pending) {
        pending.flushQueued = false
        guard !pending.bytes.isEmpty else { return }
        pending.bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    // A closed stdout must not take the server down; the lines are lost.
                    return
                }
            }
        }
        pending.bytes.removeAll(keepingCapacity: pending.bytes.count <= Self.flushThreshold)
    }
}
