import NIOCore
import Testing

@testable import Navigator

/// A small upstream body is read whole, and one longer than the limit is refused.
@Suite struct BufferedBodyTests {
    private static func body(_ chunks: [String]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            for chunk in chunks { continuation.yield(ByteBuffer(string: chunk)) }
            continuation.finish()
        }
    }

    @Test func chunksAreJoinedInOrder() async throws {
        let bytes = try await BufferedBody.read(Self.body(["ab", "", "cde", "f"]), upTo: 6)
        #expect(String(buffer: bytes) == "abcdef")
    }

    @Test func anEmptyBodyIsEmpty() async throws {
        #expect(try await BufferedBody.read(Self.body([]), upTo: 0).readableBytes == 0)
    }

    @Test func oneByteOverTheLimitIsRefused() async throws {
        await #expect(throws: NIOTooManyBytesError.self) {
            try await BufferedBody.read(Self.body(["abc", "def"]), upTo: 5)
        }
        await #expect(throws: NIOTooManyBytesError.self) {
            try await BufferedBody.read(Self.body(["x"]), upTo: 0)
        }
    }
}
