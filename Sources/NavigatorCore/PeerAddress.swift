public import NIOCore

/// The socket peer of a request: an IP address and port, never taken from headers.
public struct PeerAddress: Sendable, Equatable, CustomStringConvertible {
    /// IP address text (`127.0.0.1`, `::1`, `::ffff:127.0.0.1`).
    public var ip: String
    /// Source port.
    public var port: Int

    /// Creates a peer address.
    public init(ip: String, port: Int) {
        self.ip = ip
        self.port = port
    }

    /// Reads the peer of a NIO socket address; `nil` for Unix sockets or unknown peers.
    public init?(_ address: SocketAddress?) {
        guard let address, var ip = address.ipAddress, let port = address.port else { return nil }
        // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; logs and checks want a.b.c.d, as Go reports it.
        if ip.lowercased().hasPrefix("::ffff:"), ip.contains(".") { ip = String(ip.dropFirst(7)) }
        self.init(ip: ip, port: port)
    }

    /// Whether the peer is loopback in Navigator's sense: `127.0.0.1`, `::1` or IPv4-mapped `::ffff:127.0.0.1` (D25).
    public var isLoopback: Bool {
        ip == "127.0.0.1" || ip == "::1" || ip.lowercased() == "::ffff:127.0.0.1"
    }

    /// `ip:port`, with brackets around IPv6 addresses.
    public var description: String {
        ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
