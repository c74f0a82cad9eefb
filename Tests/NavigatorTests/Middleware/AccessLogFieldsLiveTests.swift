import AsyncHTTPClient
import Foundation
import NavigatorTestSupport
import Testing

/// Access-log fields through the real binary, as Navigator writes them: `file_path` under `public_dir` as
/// configured, and a `response_type` on every outcome (D13), 404s included.
@Suite struct AccessLogFieldsLiveTests {
    /// The access-log lines printed so far.
    static func accessLines(_ navigator: LiveNavigator) throws -> [LoggedLine] {
        try navigator.outputLines.filter { $0.hasPrefix(#"{"@timestamp""#) }.map(LoggedLine.init)
    }

    /// Waits until `count` access-log lines have been printed.
    static func waitForAccessLines(_ navigator: LiveNavigator, count: Int) async throws -> [LoggedLine] {
        try await navigator.waitForOutput(#"{"@timestamp""#, count: count)
        return try accessLines(navigator)
    }

    /// GET `path`; returns the status.
    static func status(_ navigator: LiveNavigator, _ path: String) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: navigator.url(path)), timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    @Test(arguments: ["public", "./public/", "PWD"])
    func filePathIsPublicDirAsConfiguredJoinedWithThePath(publicDir: String) async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("public/docs"), withIntermediateDirectories: true)
        try "hi".write(to: directory.appendingPathComponent("public/docs/hello.txt"), atomically: true, encoding: .utf8)
        let configured = publicDir == "PWD" ? directory.appendingPathComponent("public").path : publicDir
        let navigator = try await LiveNavigator.start(
            config: "server:\n  listen: \"127.0.0.1:0\"\n  static:\n    public_dir: \"\(configured)\"\n", directory: directory)
        do {
            #expect(try await Self.status(navigator, "/docs/hello.txt") == 200)
            #expect(try await Self.status(navigator, "/docs/../docs/hello.txt") == 400)
            let lines = try await Self.waitForAccessLines(navigator, count: 2)
            let expected = publicDir == "PWD" ? configured + "/docs/hello.txt" : "public/docs/hello.txt"
            #expect(lines.map { $0.string("file_path") } == [expected, expected])
            #expect(lines.map { $0.string("response_type") } == ["static", "static"])
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func everyOutcomeHasAResponseTypeIncluding404s() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let navigator = try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
            routes:
              redirects:
                - from: ^/old$
                  to: /new
              reverse_proxies:
                - path: ^/down/
                  target: http://127.0.0.1:9
            """, directory: directory)
        do {
            #expect(try await Self.status(navigator, "/missing") == 404)
            #expect(try await Self.status(navigator, "/missing.css") == 404)
            #expect(try await Self.status(navigator, "/down/x") == 502)
            let socket = try RawSocket(port: navigator.port)
            try socket.send("GET /old HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(socket.readUntilClosed(timeout: .seconds(10)).data.hasPrefix("HTTP/1.1 302"))
            let lines = try await Self.waitForAccessLines(navigator, count: 4)
            #expect(lines.map { $0.string("response_type") } == ["not-found", "not-found", "proxy", "redirect"])
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
