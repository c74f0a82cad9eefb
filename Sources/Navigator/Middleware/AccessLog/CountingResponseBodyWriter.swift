import HTTPTypes
import NIOCore
import NavigatorCore

/// Passes a response body through to the connection, counting the bytes it accepts and noting a failed write,
/// so the access log reports what was really sent.
struct CountingResponseBodyWriter: ResponseBodyWriter {
    /// The connection's writer.
    var inner: any ResponseBodyWriter
    /// Where bytes and failures are recorded.
    let completion: AccessLogCompletion

    mutating func write(_ buffer: ByteBuffer) async throws {
        do {
            try await inner.write(buffer)
        } catch {
            completion.markWriteFailed()
            throw error
        }
        completion.add(bytes: buffer.readableBytes)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        do {
            try await inner.finish(trailingHeaders)
        } catch {
            completion.markWriteFailed()
            throw error
        }
    }
}

extension CountingResponseBodyWriter: FileSendingWriter {
    mutating func sendFile(path: String, offset: Int64, count: Int64) async throws -> Bool {
        guard var files = inner as? any FileSendingWriter else { return false }
        do {
            guard try await files.sendFile(path: path, offset: offset, count: count) else { return false }
        } catch {
            completion.markWriteFailed()
            throw error
        }
        completion.add(bytes: Int(count))
        return true
    }
}
