import Foundation
import NavigatorTestSupport
import Testing

/// Requests with and without bodies share one connection and one path: one connection mixes both, in order,
/// and the connection-level duties the handler took over (idle timeout, graceful close, half-close) still hold.
@Suite(.serialized) struct HTTPConnectionHandlerTests {
    /// A server with two files, a CGI script that answers after `delay` seconds, and `limits`.
    static func start(limits: String = "", delay: String = "2") async throws -> LiveNavigator {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        let publicDir = dir.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicDir, withIntermediateDirectories: true)
        try "alpha".write(to: publicDir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "bravo".write(to: publicDir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try Data(Self.largeFile).write(to: publicDir.appendingPathComponent("large.bin"))
        let script = dir.appendingPathComponent("slow.sh")
        try "#!/bin/sh\nsleep \(delay)\nprintf 'Content-Type: text/plain\\r\\n\\r\\ndone'\n"
            .write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
              static:
                public_dir: \(publicDir.path)
              cgi_scripts:
                - path: /slow
                  script: \(script.path)
            \(limits)
            """, directory: dir)
    }

    /// 300 KB that differ from offset to offset, so a misplaced range shows.
    static let largeFile: [UInt8] = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) }

    /// Sends `request` and reads one response with a `Content-Length`: its head and its body.
    static func exchange(_ socket: RawSocket, _ request: String) throws -> (head: String, body: [UInt8]) {
        try socket.send(request)
        let separator = Array("\r\n\r\n".utf8)
        func split(_ bytes: [UInt8]) -> (head: String, body: [UInt8], length: Int)? {
            guard let end = (0...max(0, bytes.count - 4)).first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator })
            else { return nil }
            let head = String(decoding: bytes[..<end], as: UTF8.self)
            let length = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length: ") }
                .flatMap { Int($0.dropFirst(16)) } ?? 0
            return (head, Array(bytes[(end + 4)...]), length)
        }
        let read = socket.readBytes(timeout: .seconds(10)) { bytes in
            guard let parts = split(bytes) else { return false }
            return parts.body.count >= parts.length
        }
        let parts = try #require(split(read.bytes))
        return (parts.head, parts.body)
    }

    /// The status lines of `text`, in order (bodies here never contain `HTTP/1.1 `).
    static func statusLines(_ text: String) -> [String] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { "HTTP/1.1 " + ($0.components(separatedBy: "\r\n").first ?? "") }
    }

    @Test func pipelinedRequestsOfBothKindsAreAnsweredInOrder() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        // Bodyless, a body, bodyless, HEAD, then `Connection: close`, which closes after its answer.
        try socket.send(
            "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /missing HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /b.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /b.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let result = socket.readUntilClosed(timeout: .seconds(10))
        #expect(result.closed)
        #expect(Self.statusLines(result.data) == [
            "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK",
        ])
        // Bodies in request order; the HEAD answer has none.
        let bodies = result.data.components(separatedBy: "\r\n\r\n").dropFirst().map { String($0.prefix(5)) }
        #expect(bodies == ["alpha", "404 p", "bravo", "HTTP/", "bravo"])
        await server.stop()
    }

    @Test func locallyAnsweredResponsesCarryADateHeader() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = socket.read(until: "alpha", timeout: .seconds(5))
        let date = head.components(separatedBy: "\r\n").first { $0.hasPrefix("Date: ") }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let parsed = try #require(date.flatMap { formatter.date(from: String($0.dropFirst(6))) })
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
        await server.stop()
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        let server = try await Self.start(limits: "  limits:\n    idle_timeout: 1s")
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(socket.read(until: "alpha", timeout: .seconds(5)).hasPrefix("HTTP/1.1 200"))
        let started = ContinuousClock.now
        let rest = socket.readUntilClosed(timeout: .seconds(8))
        #expect(rest.closed)
        #expect(ContinuousClock.now - started < .seconds(5))
        await server.stop()
    }

    @Test func aResponseSlowerThanTheIdleTimeoutStillArrives() async throws {
        let server = try await Self.start(limits: "  limits:\n    idle_timeout: 1s", delay: "2.5")
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = socket.read(until: "done", timeout: .seconds(10))
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(answer.contains("\r\n\r\n4\r\ndone"))
        await server.stop()
    }

    @Test func aHalfClosedClientStillGetsItsResponse() async throws {
        let server = try await Self.start(delay: "1")
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        try socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        socket.shutdownWrite()
        let result = socket.readUntilClosed(timeout: .seconds(10))
        #expect(result.data.hasPrefix("HTTP/1.1 200"))
        #expect(result.data.hasSuffix("4\r\ndone\r\n0\r\n\r\n"))
        #expect(result.closed)
        await server.stop()
    }

    @Test func gracefulShutdownLetsAResponseInFlightFinishThenCloses() async throws {
        let server = try await Self.start(delay: "1.5")
        defer { Task { await server.stop() } }
        let busy = try RawSocket(port: server.port)
        try busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let idle = try RawSocket(port: server.port)
        try idle.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.read(until: "alpha", timeout: .seconds(5)).hasPrefix("HTTP/1.1 200"))
        try await Task.sleep(for: .milliseconds(300))
        server.send(signal: SIGTERM)
        // The idle keep-alive connection closes at once; the busy one after its answer.
        #expect(idle.readUntilClosed(timeout: .seconds(1)).closed)
        let result = busy.readUntilClosed(timeout: .seconds(10))
        #expect(result.data.hasPrefix("HTTP/1.1 200"))
        #expect(result.data.hasSuffix("4\r\ndone\r\n0\r\n\r\n"))
        #expect(result.closed)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func largeFilesAreSentWholeAndByRangeWithOrWithoutContentLength() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let socket = try RawSocket(port: server.port)
        // Both are sent with sendfile: a `Content-Length: 0` request takes the same path as one without a body.
        for extra in ["", "Content-Length: 0\r\n"] {
            let whole = try Self.exchange(socket, "GET /large.bin HTTP/1.1\r\nHost: x\r\n\(extra)\r\n")
            #expect(whole.head.hasPrefix("HTTP/1.1 200"))
            #expect(whole.body == Self.largeFile)
            let part = try Self.exchange(socket, "GET /large.bin HTTP/1.1\r\nHost: x\r\n\(extra)Range: bytes=1000-200999\r\n\r\n")
            #expect(part.head.hasPrefix("HTTP/1.1 206"))
            #expect(part.head.contains("Content-Range: bytes 1000-200999/300000"))
            #expect(part.body == Array(Self.largeFile[1000...200_999]))
        }
        try await server.waitForOutput(#""body_bytes_sent":200000"#, count: 2)
        #expect(server.outputLines.filter { $0.contains(#""body_bytes_sent":300000"#) }.count == 2)
        await server.stop()
    }

    @Test func anHTTP11RequestWithoutExactlyOneHostIsRefusedWith400() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        // As Go's server: HTTP/1.1 needs one Host field; HTTP/1.0 may go without.
        for request in ["GET /a.txt HTTP/1.1\r\n\r\n", "GET /a.txt HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"] {
            let socket = try RawSocket(port: server.port)
            try socket.send(request)
            let result = socket.readUntilClosed(timeout: .seconds(5))
            #expect(result.data.hasPrefix("HTTP/1.1 400"), "\(request): \(result.data)")
            #expect(result.closed)
        }
        let old = try RawSocket(port: server.port)
        try old.send("GET /a.txt HTTP/1.0\r\n\r\n")
        #expect(old.readUntilClosed(timeout: .seconds(5)).data.hasPrefix("HTTP/1.0 200"))
        await server.stop()
    }
}
