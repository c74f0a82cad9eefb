import NIOCore

/// Reads a small upstream body whole, on the caller's executor.
///
/// NIO's `collect(upTo:)` does the same, but it is a nonisolated async function of another module: entering it
/// and each `next()` it makes took a trip through the event loop's job queue (six per proxied response), since NIO
/// runs every job as the loop's own serial executor. Here the iterator is asked with the caller's isolation.
enum BufferedBody {
    /// All of `body`'s bytes; throws `NIOTooManyBytesError` once they exceed `limit`.
    static func read<Body: AsyncSequence>(
        _ body: Body, upTo limit: Int, isolation: isolated (any Actor)? = #isolation
    ) async throws -> ByteBuffer where Body.Element == ByteBuffer {
        var chunks = body.makeAsyncIterator()
        var bytes = ByteBuffer()
        while let chunk = try await chunks.next(isolation: isolation) {
            guard bytes.readableBytes + chunk.readableBytes <= limit else { throw NIOTooManyBytesError(maxBytes: limit) }
            if bytes.readableBytes == 0 {
                bytes = chunk
            } else {
                bytes.writeImmutableBuffer(chunk)
            }
        }
        return bytes
    }
}
