import Foundation
import NIOCore
import NavigatorTestSupport
import Testing

@testable import Navigator

/// The lookup under `public_dir` against real files: small files come back already read, big ones do not, and a
/// file whose size changed between `stat` and `read` is left to the streaming path.
@Suite struct PublicDirectoryTests {
    /// A directory with `small.txt` (at the inline limit) and `big.bin` (one byte over it).
    static func fixture() throws -> URL {
        let root = try LiveNavigator.makeTemporaryDirectory()
        let limit = Int(PublicDirectory.inlineLimit)
        try Data(repeating: UInt8(ascii: "s"), count: limit).write(to: root.appendingPathComponent("small.txt"))
        try Data(repeating: UInt8(ascii: "b"), count: limit + 1).write(to: root.appendingPathComponent("big.bin"))
        return root
    }

    @Test func aFileUpToTheLimitIsReadWithTheLookupAndABiggerOneIsNot() throws {
        let root = try Self.fixture()
        let directory = PublicDirectory(root: root.path)
        let small = try #require(directory.firstFile(among: ["/small.txt"]))
        #expect(small.contents?.readableBytes == Int(PublicDirectory.inlineLimit))
        #expect(small.contents.map { String(buffer: $0) }?.allSatisfy { $0 == "s" } == true)
        let big = try #require(directory.firstFile(among: ["/missing", "/big.bin"]))
        #expect(big.contents == nil)
        #expect(big.size == PublicDirectory.inlineLimit + 1)
        try? FileManager.default.removeItem(at: root)
    }

    @Test func aFileThatChangedSizeSinceTheLookupIsNotReadInline() throws {
        let root = try Self.fixture()
        let path = root.appendingPathComponent("small.txt").path
        let found = StaticFile(path: path, resolvedPath: path, size: 10, modifiedSeconds: 0, modifiedNanoseconds: 0)
        #expect(PublicDirectory.contents(of: found) == nil)
        let gone = StaticFile(path: path + ".x", resolvedPath: path + ".x", size: 1, modifiedSeconds: 0, modifiedNanoseconds: 0)
        #expect(PublicDirectory.contents(of: gone) == nil)
        try? FileManager.default.removeItem(at: root)
    }
}
