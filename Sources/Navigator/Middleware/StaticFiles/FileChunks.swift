#if canImport(Glibc)
import Glibc
#endif
import NavigatorCore
import NIOCore
import NIOPosix

/// A file body read from disk in chunks on NIO's thread pool, for writers that cannot `sendfile(2)`: a slow disk
/// then stalls one thread of the pool, not an event loop, and a large file is never held in memory.
enum FileChunks {
    /// The bytes `range` of the file at `path`, `chunkLength` at a time.
    static func body(path: String, range: ClosedRange<Int64>, chunkLength: Int) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            let pool = NIOThreadPool.singleton
            let descriptor = try await pool.runIfActive {
                let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
                return descriptor
            }
            defer { close(descriptor) }
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let length = Int(min(Int64(chunkLength), range.upperBound - offset + 1))
                let chunk = try await pool.runIfActive { [offset] in
                    var buffer = ByteBuffer()
                    let read = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes in
                        let count = pread(descriptor, bytes.baseAddress, length, off_t(offset))
                        guard count >= 0 else { throw IOError(errnoCode: errno, reason: "pread") }
                        return count
                    }
                    guard read > 0 else { throw IOError(errnoCode: EIO, reason: "file shrank while being sent") }
                    return buffer
                }
                offset += Int64(chunk.readableBytes)
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        }
    }
}
