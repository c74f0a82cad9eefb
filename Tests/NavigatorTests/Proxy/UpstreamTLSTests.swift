import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOWebSocket
import NavigatorTestSupport
import Testing

@testable import Navigator

/// `https://` and `wss://` reverse-proxy targets through the real binary and YAML, against a real TLS upstream whose
/// self-signed certificate is trusted only through `SSL_CERT_FILE` (as Go's TLS stack honours it).
@Suite struct UpstreamTLSTests {
    /// The YAML proxying `/secure` and `/live` to the upstream on `port`.
    static func config(port: Int) -> String {
        """
        server:
          listen: "127.0.0.1:0"
        routes:
          reverse_proxies:
            - name: secure
              prefix: /secure
              target: https://127.0.0.1:\(port)
            - name: live
              prefix: /live
              target: https://localhost:\(port)/socket
              strip_path: true
              websocket: true
        """
    }

    @Test func httpsAndWssTargetsAreVerifiedAgainstSSLCertFile() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let upstream = try await TLSUpstream.start(in: directory)
        let navigator = try await LiveNavigator.start(
            config: Self.config(port: upstream.port), environment: ["SSL_CERT_FILE": upstream.certificatePath])
        do {
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: navigator.url("/secure/page?q=1")), timeout: .seconds(10))
            #expect(response.status == .ok)
            #expect(String(buffer: try await response.body.collect(upTo: 1 << 16)) == "secure /secure/page?q=1")

            let handshake = try await WebSocketUpstream.connect(
                .init(host: "127.0.0.1", port: navigator.port), uri: "/live/room", headers: HTTPHeaders())
            guard case .upgraded(let channel, _) = handshake else {
                Issue.record("the wss:// tunnel was refused")
                await navigator.stop()
                return
            }
            let reply = try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: "ping")))
                var frames = inbound.makeAsyncIterator()
                return try await frames.next().map { String(buffer: $0.unmaskedData) }
            }
            #expect(reply == "ping")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
        try await upstream.channel.close()
    }

    @Test func anUntrustedCertificateIsBadGatewayForBothKinds() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let upstream = try await TLSUpstream.start(in: directory)
        // The system bundle does not know the upstream's self-signed certificate.
        let navigator = try await LiveNavigator.start(config: Self.config(port: upstream.port))
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: navigator.url("/secure/page")), timeout: .seconds(10))
        #expect(response.status == .badGateway)
        #expect(String(buffer: try await response.body.collect(upTo: 1 << 16)) == "Bad Gateway\n")
        let handshake = try await WebSocketUpstream.connect(
            .init(host: "127.0.0.1", port: navigator.port), uri: "/live/room", headers: HTTPHeaders())
        guard case .refused = handshake else {
            Issue.record("an untrusted wss:// upstream was tunnelled")
            await navigator.stop()
            return
        }
        await navigator.stop()
        try await upstream.channel.close()
    }
}
