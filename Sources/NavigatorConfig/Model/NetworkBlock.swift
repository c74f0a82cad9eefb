#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An IPv4 or IPv6 network in CIDR form (`10.0.0.0/8`, `::1/128`; a bare address is a single host), matched
/// against a client's address.
public struct NetworkBlock: Sendable, Equatable, CustomStringConvertible {
    /// The network's bytes (4 or 16).
    public let address: [UInt8]
    /// How many leading bits must match.
    public let prefixLength: Int

    /// Parses `text`; `nil` when it is not an address with an optional `/bits` in range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.bytes(of: String(parts[0])) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard let bits = Int(parts[1]), (0...maximum).contains(bits) else { return nil }
            prefixLength = bits
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    /// Whether the address `ip` (text, as a peer address is printed) lies in this network. An IPv4-mapped IPv6
    /// address (`::ffff:127.0.0.1`) counts as its IPv4 address.
    public func contains(_ ip: String) -> Bool {
        guard var other = Self.bytes(of: ip) else { return false }
        if other.count == 16, address.count == 4, other[..<12].elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) {
            other = Array(other[12...])
        }
        guard other.count == address.count else { return false }
        var remaining = prefixLength
        for index in address.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address[index] & mask != other[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// `address/bits`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = address.count == 4 ? AF_INET : AF_INET6
        _ = address.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(text)/\(prefixLength)"
    }

    /// The bytes of an IPv4 or IPv6 address in text form (brackets and a zone are not accepted).
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
