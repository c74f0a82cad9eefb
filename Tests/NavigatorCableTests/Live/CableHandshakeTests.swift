import Foundation
import NavigatorConfig
import Testing

/// The `/cable` handshake (spec Part C §1.9) and its place in the pipeline (after auth).
@Suite struct CableHandshakeTests {
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    func upgrade(_ extra: String = "", method: String = "GET", path: String = "/cable", version: Bool = true) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + (version ? "Sec-WebSocket-Version: 13\r\n" : "") + "Sec-WebSocket-Key: \(Self.key)\r\n\(extra)\r\n"
    }

    @Test func switchesProtocolsWithoutSubprotocolWhateverTheOrigin() async throws {
        try await CableServer.with { server in
            let reply = try await RawHTTP.exchange(
                upgrade("Origin: http://evil.example\r\nSec-WebSocket-Protocol: actioncable-v1-json\r\n"),
                port: server.port, timeout: .milliseconds(300))
            let head = reply.components(separatedBy: "\r\n\r\n")[0].lowercased()
            #expect(head.hasPrefix("http/1.1 101 switching protocols\r\n"))
            #expect(head.contains("upgrade: websocket"))
            #expect(head.contains("connection: upgrade"))
            #expect(head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="))
            #expect(!head.contains("sec-websocket-protocol"))
            #expect(!head.contains("sec-websocket-extensions"))
        }
    }

    @Test func badHandshakesGetGorillasAnswers() async throws {
        try await CableServer.with { server in
            let plain = try await RawHTTP.exchange("GET /cable HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: server.port)
            #expect(plain.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(plain.contains("Sec-Websocket-Version: 13\r\n"))
            #expect(plain.hasSuffix("\r\n\r\nBad Request\n"))
            let noVersion = try await RawHTTP.exchange(upgrade(version: false), port: server.port, timeout: .milliseconds(500))
            #expect(noVersion.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(noVersion.contains("Sec-Websocket-Version: 13\r\n"))
            let post = try await RawHTTP.exchange(upgrade("Content-Length: 0\r\n", method: "POST"), port: server.port, timeout: .milliseconds(500))
            #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
            #expect(post.hasSuffix("\r\n\r\nMethod Not Allowed\n"))
            let slash = try await RawHTTP.exchange(upgrade(path: "/cable/"), port: server.port, timeout: .milliseconds(500))
            #expect(slash.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            let query = try await TestSocket.connect(port: server.port, path: "/cable?x=1")
            try await query.subscribe("q")
            // A refused probe is logged once, by its HTTP run.
            #expect(server.accessLog.lines.filter { $0.contains(#""uri":"/cable/""#) }.count == 1)
        }
    }

    @Test func unauthenticatedUpgradesGetTheAuthAnswerAndPublicPathsUpgrade() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cable-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let htpasswd = dir.appendingPathComponent("htpasswd").path
        try "alice:secret\n".write(toFile: htpasswd, atomically: true, encoding: .utf8)
        let auth = AuthSettings(enforced: true, realm: "Cable", htpasswdPath: htpasswd)
        try await CableServer.with(CableServer.configuration(auth: auth)) { server in
            let refused = try await RawHTTP.exchange(upgrade(), port: server.port, timeout: .milliseconds(500))
            #expect(refused.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
            #expect(refused.contains("WWW-Authenticate: Basic realm=\"Cable\"\r\n"))
            let credentials = Data("alice:secret".utf8).base64EncodedString()
            let socket = try await TestSocket.connect(port: server.port, headers: [("Authorization", "Basic \(credentials)")])
            try await socket.subscribe("private")
            // Broadcasts come from tenant apps without credentials: before auth.
            let body = #"{"stream":"private","data":"hi"}"#
            let post = "POST /_broadcast HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            #expect(try await RawHTTP.exchange(post, port: server.port).hasPrefix("HTTP/1.1 200 OK"))
            #expect(try await socket.nextText() == #"{"type":"message","stream":"private","data":"hi"}"#)
            let failures = server.accessLog.lines.filter { $0.contains(#""status":401"#) }
            #expect(failures.count == 1)
        }
        let open = AuthSettings(enforced: true, realm: "Cable", htpasswdPath: htpasswd, publicPaths: ["/cable"])
        try await CableServer.with(CableServer.configuration(auth: open)) { server in
            let socket = try await TestSocket.connect(port: server.port)
            try await socket.subscribe("public")
        }
    }

    @Test func anUpgradedSocketIsLoggedOnceWhenItCloses() async throws {
        try await CableServer.with { server in
            let socket = try await TestSocket.connect(port: server.port, path: "/cable?tab=1")
            try await socket.subscribe("s")
            #expect(server.accessLog.lines.filter { $0.contains("/cable?tab=1") }.isEmpty)
            socket.client.sendClose(code: 1000)
            #expect(try await socket.closeCode() == 1000)
            let deadline = ContinuousClock.now + .seconds(5)
            while server.accessLog.lines.filter({ $0.contains("/cable?tab=1") }).isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let lines = server.accessLog.lines.filter { $0.contains("/cable?tab=1") }
            #expect(lines.count == 1)
            #expect(lines.first?.contains(#""status":200"#) == true)
            #expect(lines.first?.contains(#""response_type":"websocket""#) == true)
        }
    }
}
