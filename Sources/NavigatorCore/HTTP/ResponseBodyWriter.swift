public import HTTPTypes
public import NIOCore

/// Where a response body is written: the connection, a test's collector, or a wrapper that counts bytes.
public protocol ResponseBodyWriter {
    /// Writes the next part of the body.
    mutating func write(_ buffer: ByteBuffer) async throws
    /// Ends the body, with trailing fields if any.
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws
}
