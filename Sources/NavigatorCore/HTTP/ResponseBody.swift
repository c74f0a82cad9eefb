public import NIOCore

/// A response body: a function that writes it to a `ResponseBodyWriter`, with its length when known.
public struct ResponseBody: Sendable {
    /// Writes the body; must end with `finish` on the writer.
    public typealias Writer = @Sendable (inout any ResponseBodyWriter) async throws -> Void

    private enum Storage: Sendable {
        case buffer(ByteBuffer)
        case writer(Int?, Writer)
    }

    private let storage: Storage

    /// An empty body.
    public init() {
        storage = .buffer(ByteBuffer())
    }

    /// A body held in memory.
    public init(byteBuffer: ByteBuffer) {
        storage = .buffer(byteBuffer)
    }

    /// A body written by `write`, of `contentLength` bytes when known (`nil`: chunked, or until close on HTTP/1.0).
    public init(contentLength: Int? = nil, _ write: @escaping Writer) {
        storage = .writer(contentLength, write)
    }

    /// A body that is the buffers of `sequence`, of unknown length.
    public init<Buffers: AsyncSequence & Sendable>(asyncSequence sequence: Buffers) where Buffers.Element == ByteBuffer {
        storage = .writer(nil) { writer in
            for try await buffer in sequence { try await writer.write(buffer) }
            try await writer.finish(nil)
        }
    }

    /// The length in bytes, when known before writing.
    public var contentLength: Int? {
        switch storage {
        case .buffer(let buffer): buffer.readableBytes
        case .writer(let length, _): length
        }
    }

    /// The body when it is one buffer in memory.
    public var buffer: ByteBuffer? {
        if case .buffer(let buffer) = storage { return buffer }
        return nil
    }

    /// Writes the whole body to `writer` and finishes it.
    public func write(_ writer: any ResponseBodyWriter) async throws {
        var writer = writer
        switch storage {
        case .buffer(let buffer):
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
            try await writer.finish(nil)
        case .writer(_, let write):
            try await write(&writer)
        }
    }
}
