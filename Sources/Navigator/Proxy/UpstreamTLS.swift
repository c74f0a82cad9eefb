import FoundationEssentials
import NIOCore
import NIOSSL

/// TLS towards `https://` and `wss://` upstreams: certificates are verified against the system's roots, or,
/// when `SSL_CERT_FILE` names a PEM bundle, against that bundle instead — the variable Go's TLS stack (and so
/// Navigator) honours, so a deployment that trusts a private CA keeps working after the swap.
enum UpstreamTLS {
    /// The client configuration for upstream connections.
    static func clientConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let bundle = environment["SSL_CERT_FILE"], !bundle.isEmpty {
            configuration.trustRoots = .file(bundle)
        }
        return configuration
    }

    /// The context WebSocket tunnels share; building one loads the trust roots, so it is made once.
    static func sharedContext() throws -> NIOSSLContext {
        try context.get()
    }

    /// Built on first use; a failure (an unreadable `SSL_CERT_FILE`) is kept and reported on every attempt.
    private static let context: Result<NIOSSLContext, any Error> = Result {
        try NIOSSLContext(configuration: clientConfiguration())
    }

    /// Whether `host` is an IPv4 or IPv6 literal.
    static func isIPLiteral(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
