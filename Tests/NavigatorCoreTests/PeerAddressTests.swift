import NavigatorCore
import NIOCore
import Testing

@Suite struct PeerAddressTests {
    @Test func ipv4MappedPeersAreReportedAsIPv4() throws {
        let address = try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 5000)
        let peer = try #require(PeerAddress(address))
        #expect(peer.ip == "127.0.0.1")
        #expect(peer.isLoopback)
    }

    @Test(arguments: [("127.0.0.1", true), ("::1", true), ("::ffff:127.0.0.1", true), ("127.0.0.2", false), ("192.0.2.2", false), ("::2", false)])
    func loopbackIsExactlyTheNavigatorSet(ip: String, expected: Bool) {
        #expect(PeerAddress(ip: ip, port: 1).isLoopback == expected)
    }

    @Test func descriptionBracketsIPv6() {
        #expect(PeerAddress(ip: "::1", port: 8).description == "[::1]:8")
        #expect(PeerAddress(ip: "10.0.0.1", port: 8).description == "10.0.0.1:8")
    }
}
