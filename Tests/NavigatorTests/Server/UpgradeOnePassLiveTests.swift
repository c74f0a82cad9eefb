import Foundation
import NavigatorTestSupport
import Testing

/// A request carrying a WebSocket handshake that nothing accepts is decided in one pass of the pipeline, through
/// the real binary (issue 16 item 10): a CGI script with a side effect runs once, and the request is logged once.
@Suite struct UpgradeOnePassLiveTests {
    @Test func aRefusedHandshakeToACGIScriptRunsItOnce() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let runs = directory.appendingPathComponent("runs.txt")
        let script = directory.appendingPathComponent("count.sh")
        try "#!/bin/sh\necho run >> \(runs.path)\nprintf 'Content-Type: text/plain\\r\\n\\r\\ncounted'\n"
            .write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let navigator = try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
              cgi_scripts:
                - path: /count
                  script: \(script.path)
            """, directory: directory)
        do {
            let socket = try RawSocket(port: navigator.port)
            try socket.send(RawSocket.webSocketHandshake(path: "/count"))
            let reply = socket.read(until: "counted", timeout: .seconds(10))
            #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply)")
            #expect(reply.contains("\r\n\r\n7\r\ncounted"), "\(reply)")
            try await navigator.waitForOutput(#""uri":"/count""#, timeout: .seconds(5))
            // Time for a second run or a second line, if there were going to be one.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try String(contentsOf: runs, encoding: .utf8) == "run\n")
            let lines = try AccessLogFieldsLiveTests.accessLines(navigator).filter { $0.string("uri") == "/count" }
            #expect(lines.count == 1)
            #expect(lines.first?.string("response_type") == "cgi")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
