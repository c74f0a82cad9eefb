#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes whole lines to a file descriptor, one writer at a time, so log lines from many tasks never interleave.
public final class OutputWriter: Sendable {
    private let fd: Int32
    private let lock = Mutex(())

    /// Standard output, shared by Navigator's log, the access log and child output (as Navigator does).
    public static let standardOutput = OutputWriter(fileDescriptor: 1)
    /// Standard error, for CLI errors.
    public static let standardError = OutputWriter(fileDescriptor: 2)

    /// Writes to `fileDescriptor` (not closed by this type).
    public init(fileDescriptor: Int32) {
        self.fd = fileDescriptor
    }

    /// Writes `line` followed by a newline.
    public func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        lock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        // A closed stdout must not take the server down; the line is lost.
                        return
                    }
                }
            }
        }
    }
}
