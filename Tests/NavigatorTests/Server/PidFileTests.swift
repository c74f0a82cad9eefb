import Foundation
import Navigator
import NavigatorTestSupport
import Testing

@Suite struct PidFileTests {
    @Test func resolveOrder() {
        #expect(PidFile.resolve(option: "/a", environment: ["NAVIGATOR_PID_FILE": "/b"]).path == "/a")
        #expect(PidFile.resolve(option: nil, environment: ["NAVIGATOR_PID_FILE": "/b"]).path == "/b")
        #expect(PidFile.resolve(option: nil, environment: [:]).path == "/tmp/navigator.pid")
    }

    @Test func writeReadRemove() throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = PidFile(path: dir.appendingPathComponent("n.pid").path)
        try file.write(pid: 4242)
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == "4242")
        #expect(try file.read() == 4242)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        file.remove(pid: 1)  // names another process: left alone
        #expect(FileManager.default.fileExists(atPath: file.path))
        file.remove(pid: 4242)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func unwritablePathIsAnError() {
        let file = PidFile(path: "/nonexistent-dir/n.pid")
        #expect(throws: PidFileError.notWritable("/nonexistent-dir/n.pid")) { try file.write(pid: 1) }
    }

    @Test func invalidContentIsReported() throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("n.pid").path
        try "abc".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PidFileError.invalid("abc")) { try PidFile(path: path).read() }
        #expect(PidFileError.invalid("abc").description == "invalid PID in file: abc")
    }
}
