#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Testing

/// Access-log behaviour that needs a real socket: the peer address and a client that leaves mid-body.
@Suite struct AccessLogLiveTests {
    @Test(arguments: [false, true])
    func clientIPIsThePeerUnlessProxiesAreTrusted(trustProxy: Bool) async throws {
        var configuration = NavigatorConfiguration()
        configuration.server.trustProxy = trustProxy
        let log = LineCollector()
        let app = RoutingHarness.app(configuration: configuration, log: log, stages: [RequestProbe().stage])
        try await app.test(.live) { client in
            _ = try await client.execute(uri: "/", method: .get, headers: headerFields([("X-Forwarded-For", "203.0.113.9, 10.0.0.1")]))
            _ = try await client.execute(uri: "/", method: .get)
        }
        let lines = try log.lines.map(LoggedLine.init)
        #expect(lines.count == 2)
        #expect(lines.first?.string("client_ip") == (trustProxy ? "203.0.113.9" : "127.0.0.1"))
        #expect(lines.last?.string("client_ip") == "127.0.0.1")
    }

    @Test func aClientLeavingMidBodyIsLoggedAs499ClientClosed() async throws {
        let log = LineCollector()
        let slow = NamedMiddleware("slow", ClosureStage { _, _ in
            Response(status: .ok, body: ResponseBody { writer in
                for _ in 0..<400 {
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "x"), count: 16 * 1024))
                    try await Task.sleep(for: .milliseconds(25))
                }
                try await writer.finish(nil)
            })
        })
        let app = RoutingHarness.app(log: log, stages: [slow])
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let received = try RawHTTPClient.requestThenHangUp(port: port, path: "/slow", bytesBeforeClosing: 20_000)
            #expect(received >= 20_000)
            let deadline = ContinuousClock.now + .seconds(8)
            while log.lines.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let line = try LoggedLine(try #require(log.lines.first))
        #expect(line.int("status") == 499)
        #expect(line.string("response_type") == "client_closed")
        let sent = try #require(line.int("body_bytes_sent"))
        #expect(sent > 0 && sent < 400 * 16 * 1024)
    }
}

/// A blocking HTTP/1.1 client on a raw socket that can walk away in the middle of a response.
enum RawHTTPClient {
    /// Errors from the socket calls.
    struct SocketError: Error { let call: String }

    /// Sends `GET path`, reads at least `bytesBeforeClosing` bytes, closes the socket; returns the bytes read.
    static func requestThenHangUp(port: Int, path: String, bytesBeforeClosing: Int) throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(call: "socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw SocketError(call: "connect") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { throw SocketError(call: "send") }
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 8192)
        while total < bytesBeforeClosing {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { throw SocketError(call: "recv") }
            total += count
        }
        // Reset rather than linger, so the server's next write fails at once.
        var linger = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        return total
    }
}
