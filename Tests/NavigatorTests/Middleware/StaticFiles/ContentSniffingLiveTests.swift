import Foundation
import NavigatorTestSupport
import Testing

/// Through the real binary: a file whose extension no table knows gets the type Go's `http.DetectContentType`
/// finds, for a small file (read during the lookup) and a large one (sniffed with one read of its head).
@Suite struct ContentSniffingLiveTests {
    @Test func unknownExtensionsAreSniffedLikeNavigator() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let publicDir = directory.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicDir, withIntermediateDirectories: true)
        try "<!DOCTYPE html>\n<html><body>page</body></html>\n".write(
            to: publicDir.appendingPathComponent("page.zzpage"), atomically: true, encoding: .utf8)
        try "just some notes\n".write(to: publicDir.appendingPathComponent("notes.zznotes"), atomically: true, encoding: .utf8)
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.append(Data(repeating: 0, count: 300_000))
        try png.write(to: publicDir.appendingPathComponent("big.zzimage"))
        try Data([0x00, 0x01, 0x02, 0x03]).write(to: publicDir.appendingPathComponent("blob.zzblob"))
        let navigator = try await LiveNavigator.start(config: "server:\n  listen: \"127.0.0.1:0\"\n", directory: directory)
        do {
            for (path, expected) in [
                ("/page.zzpage", "text/html; charset=utf-8"), ("/notes.zznotes", "text/plain; charset=utf-8"),
                ("/big.zzimage", "image/png"), ("/blob.zzblob", "application/octet-stream"),
            ] {
                let socket = try RawSocket(port: navigator.port)
                try socket.send("HEAD \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                let head = socket.readUntilClosed(timeout: .seconds(10)).data
                #expect(head.hasPrefix("HTTP/1.1 200"), "\(path): \(head)")
                #expect(head.lowercased().contains("content-type: \(expected)\r\n"), "\(path): \(head)")
            }
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
