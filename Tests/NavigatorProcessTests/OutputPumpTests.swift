#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import Testing

@testable import NavigatorProcess

/// A child's pipe read on the event loops comes out as lines, however the writes split them.
@Suite struct OutputPumpTests {
    /// Writes `chunks` into a real pipe read by `OutputPump`, closes it, and returns the lines once it has closed.
    private static func lines(from chunks: [[UInt8]]) async throws -> [String] {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let lines = Mutex<[String]>([])
        let closed = AsyncStream<Void>.makeStream()
        OutputPump.start(fd: ends[0], onLine: { line in lines.withLock { $0.append(line) } }, onClose: {
            closed.continuation.finish()
        })
        for chunk in chunks {
            let written = chunk.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
            #expect(written == chunk.count)
            // Separate reads, so a line really arrives in pieces.
            try await Task.sleep(for: .milliseconds(20))
        }
        close(ends[1])
        for await _ in closed.stream {}
        return lines.withLock { $0 }
    }

    @Test func linesSplitAcrossWritesAreJoined() async throws {
        let found = try await Self.lines(from: [Array("one\ntw".utf8), Array("o\r\n\nthr".utf8), Array("ee\nfour".utf8)])
        #expect(found == ["one", "two", "", "three", "four"])
    }

    @Test func aVeryLongLineIsCutAtTheLimit() async throws {
        let limit = LineSplitter.maximumLineLength
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: limit + 10)
        let found = try await Self.lines(from: [Array(long.prefix(100)), Array(long.dropFirst(100)) + Array("\nend\n".utf8)])
        #expect(found.map(\.count) == [limit, 10, 3])
    }
}
