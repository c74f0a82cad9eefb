import FoundationEssentials
public import NavigatorConfig

/// Turns `server.listen` into a bind address.
public enum ListenBinding {
    /// A host of `nil` binds every interface: `::` (dual-stack, IPv4 peers appear as IPv4-mapped) when the machine
    /// has IPv6, else `0.0.0.0` — the same reach as Navigator's `":port"`.
    public static func bindAddress(for listen: ListenAddress) -> (host: String, port: Int) {
        if let host = listen.host { return (host, listen.port) }
        let hasIPv6 = FileManager.default.fileExists(atPath: "/proc/net/if_inet6")
        return (hasIPv6 ? "::" : "0.0.0.0", listen.port)
    }
}
