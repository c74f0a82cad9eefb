public import NIOCore

/// A request body: an async sequence of byte buffers, in memory or read from the connection as it is consumed.
public struct RequestBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private enum Storage: Sendable {
        case buffer(ByteBuffer)
        case stream(@Sendable () -> Next)
    }

    /// Produces the next buffer, `nil` at the end.
    public typealias Next = () async throws -> ByteBuffer?

    private let storage: Storage

    /// A body held in memory (empty for bodyless requests).
    public init(buffer: ByteBuffer) {
        storage = .buffer(buffer)
    }

    /// A body read from `sequence` as it is consumed.
    public init<Base: AsyncSequence & Sendable>(asyncSequence sequence: Base) where Base.Element == ByteBuffer {
        storage = .stream {
            let iterator = IteratorBox(sequence.makeAsyncIterator())
            return { try await iterator.next() }
        }
    }

    /// The body as one buffer when it is already in memory.
    public var buffer: ByteBuffer? {
        if case .buffer(let buffer) = storage { return buffer }
        return nil
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch storage {
        case .buffer(let buffer): AsyncIterator(pending: buffer.readableBytes > 0 ? buffer : nil, next: nil)
        case .stream(let make): AsyncIterator(pending: nil, next: make())
        }
    }

    /// Reads the body's buffers in order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var pending: ByteBuffer?
        let next: Next?

        public mutating func next() async throws -> ByteBuffer? {
            if let buffer = pending {
                pending = nil
                return buffer
            }
            return try await next?()
        }
    }
}

/// Holds a base iterator so the body's closure can advance it (iterators are values; the closure needs a place).
private final class IteratorBox<Base: AsyncIteratorProtocol>: @unchecked Sendable where Base.Element == ByteBuffer {
    // @unchecked: a body is read by one task at a time, as any async iterator is.
    private var base: Base

    init(_ base: Base) {
        self.base = base
    }

    func next() async throws -> ByteBuffer? {
        try await base.next()
    }
}
