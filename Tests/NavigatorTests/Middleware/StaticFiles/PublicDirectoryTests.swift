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
        let descriptor = open(root.appendingPathComponent("small.txt").path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let limit = Int(PublicDirectory.inlineLimit)
        // Found at 10 bytes, longer now; found longer than it is now.
        #expect(PublicDirectory.contents(of: descriptor, size: 10) == nil)
        #expect(lseek(descriptor, 0, SEEK_SET) == 0)
        #expect(PublicDirectory.contents(of: descriptor, size: limit + 1) == nil)
        #expect(lseek(descriptor, 0, SEEK_SET) == 0)
        #expect(PublicDirectory.contents(of: descriptor, size: limit)?.readableBytes == limit)
        try? FileManager.default.removeItem(at: root)
    }

    @Test func aSwitchedCurrentSymlinkServesTheNewReleaseAtOnce() throws {
        let base = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        for (release, file) in [("1", "old.txt"), ("2", "new.txt")] {
            let publicDir = base.appendingPathComponent("releases/\(release)/public")
            try FileManager.default.createDirectory(at: publicDir, withIntermediateDirectories: true)
            try Data(release.utf8).write(to: publicDir.appendingPathComponent(file))
        }
        let current = base.appendingPathComponent("current").path
        try FileManager.default.createSymbolicLink(atPath: current, withDestinationPath: base.path + "/releases/1/public")
        let directory = PublicDirectory(root: current)
        #expect(directory.firstFile(among: ["/old.txt"])?.contents.map { String(buffer: $0) } == "1")
        #expect(directory.firstFile(among: ["/new.txt"]) == nil)
        // Switched as deploy tools do: a new link renamed over the old one.
        try FileManager.default.createSymbolicLink(atPath: current + ".next", withDestinationPath: base.path + "/releases/2/public")
        #expect(rename(current + ".next", current) == 0)
        let fresh = try #require(directory.firstFile(among: ["/new.txt"]))
        #expect(fresh.contents.map { String(buffer: $0) } == "2")
        #expect(fresh.resolvedPath == base.resolvingSymlinksInPath().path + "/releases/2/public/new.txt")
        #expect(directory.firstFile(among: ["/old.txt"]) == nil)
    }

    @Test func aFIFOIsNeitherServedNorWaitedOn() throws {
        let root = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(mkfifo(root.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        // A blocking open would wait here for a writer that never comes.
        #expect(PublicDirectory(root: root.path).firstFile(among: ["/pipe.txt", "/small.txt"])?.path.hasSuffix("/small.txt") == true)
    }

    @Test func theRealPathOfADescriptorIsReadBackUntilTheFileIsDeleted() throws {
        let root = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.resolvingSymlinksInPath().appendingPathComponent("small.txt").path
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(PublicDirectory.realPath(of: descriptor) == path)
        #expect(unlink(path) == 0)
        #expect(PublicDirectory.realPath(of: descriptor) == nil)
    }
}
