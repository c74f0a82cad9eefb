import HTTPTypes
import NIOHTTP1
import Testing

@testable import Navigator

/// Hop-by-hop headers never cross the proxy, whatever their case, with or without `Connection` tokens.
@Suite struct ProxyHeadersTests {
    @Test func hopByHopNamesMatchInAnyCase() {
        for name in ["Connection", "KEEP-ALIVE", "keep-alive", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "upgrade"] {
            #expect(ProxyHeaders.isHopByHop(name, connectionTokens: []), "\(name)")
            #expect(ProxyHeaders.isHopByHop(name, connectionTokens: ["x-secret"]), "\(name)")
        }
        for name in ["X-Forwarded-Proto", "Content-Length", "Trailers-X", "Tf", "Connectio", "Keep_Alive", "Upgrade-Insecure-Requests"] {
            #expect(!ProxyHeaders.isHopByHop(name, connectionTokens: []), "\(name)")
        }
        #expect(ProxyHeaders.isHopByHop("X-Secret", connectionTokens: ["x-secret"]))
        #expect(!ProxyHeaders.isHopByHop("X-Secret", connectionTokens: []))
    }

    @Test func theClientGetsTheUpstreamHeadersWithoutHopByHopOnesInOrder() {
        let upstream: HTTPHeaders = [
            "Content-Type": "text/plain", "KEEP-ALIVE": "timeout=5", "Set-Cookie": "a=1", "Transfer-Encoding": "chunked",
            "Set-Cookie": "b=2", "Proxy-Connection": "keep-alive", "X-Forwarded-Proto": "https",
        ]
        let fields = ProxyHeaders.downstreamResponseHeaders(from: upstream)
        #expect(fields.map(\.name.rawName) == ["Content-Type", "Set-Cookie", "Set-Cookie", "X-Forwarded-Proto"])
        #expect(fields[values: .setCookie] == ["a=1", "b=2"])
    }
}
