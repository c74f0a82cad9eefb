import AsyncHTTPClient
import Foundation
import NavigatorTestSupport
import NIOCore
import Testing

/// The cable on the real binary: sockets and subscriptions survive SIGHUP; shutdown says 1001 (D27).
@Suite(.serialized) struct LiveCableTests {
    static let config = """
        server:
          listen: "127.0.0.1:0"
        """

    static func broadcast(_ server: LiveNavigator, _ body: String) async throws {
        var request = HTTPClientRequest(url: server.url("/_broadcast"))
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        #expect(response.status == .ok)
    }

    @Test func reloadKeepsSocketsAndSubscriptions() async throws {
        let server = try await LiveNavigator.start(config: Self.config)
        defer { Task { await server.stop() } }
        let socket = try await TestSocket.connect(port: server.port)
        try await socket.subscribe("kept")
        server.send(signal: SIGHUP)
        try await server.waitForOutput("Configuration reloaded successfully")
        try await Self.broadcast(server, #"{"stream":"kept","data":"after reload"}"#)
        #expect(try await socket.nextText() == #"{"type":"message","stream":"kept","data":"after reload"}"#)
        try await server.waitForOutput("Broadcast sent")
        let line = server.outputLines.first { $0.contains("Broadcast sent") } ?? ""
        #expect(line.contains("stream=kept"))
        #expect(line.contains("connections=1"))
        await server.stop()
    }

    @Test func shutdownClosesSocketsWithGoingAway() async throws {
        let server = try await LiveNavigator.start(config: Self.config)
        let socket = try await TestSocket.connect(port: server.port)
        try await socket.subscribe("s")
        server.send(signal: SIGTERM)
        #expect(try await socket.closeCode(timeout: .seconds(10)) == 1001)
        #expect(try await server.waitForExit() == 0)
        await server.stop()
    }
}
