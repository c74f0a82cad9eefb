public import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The HTTP clients every proxy shares (tenant apps and reverse proxies, D16), configured for proxying:
/// redirects are passed to the client instead of followed, bodies are never decompressed, many connections per
/// upstream are allowed and kept alive for reuse (Navigator opens a new connection per request).
public enum UpstreamClient {
    /// Connect and read timeouts of one client; AsyncHTTPClient fixes them per client, not per request.
    public struct Timeouts: Hashable, Sendable {
        /// TCP (and TLS) connection establishment.
        public var connect: Duration
        /// Longest wait for the response head and between two body reads; `nil` waits forever.
        public var read: Duration?

        /// Creates a timeout pair.
        public init(connect: Duration, read: Duration?) {
            self.connect = connect
            self.read = read
        }
    }

    /// The tenant proxy's client: apps are local, so a connection that does not open within 2 s is a dead app.
    public static let shared: HTTPClient = client(for: tenantTimeouts)

    /// The tenant proxy's timeouts.
    public static let tenantTimeouts = Timeouts(connect: .seconds(2), read: nil)

    /// One client per distinct timeout pair, created on first use and kept for the life of the process, like
    /// `HTTPClient.shared`; a config names a handful of pairs at most, so the set stays small across reloads.
    private static let clients = Mutex<[Timeouts: HTTPClient]>([:])

    /// The client with `timeouts`, sharing its connection pool with every route that uses the same pair.
    public static func client(for timeouts: Timeouts) -> HTTPClient {
        clients.withLock { clients in
            if let existing = clients[timeouts] { return existing }
            let created = makeClient(timeouts)
            clients[timeouts] = created
            return created
        }
    }

    /// A proxying client with `timeouts`.
    private static func makeClient(_ timeouts: Timeouts) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: UpstreamTLS.clientConfiguration(),
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(timeouts.connect), read: timeouts.read.map { .init($0) }),
            decompression: .disabled
        )
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        // A refused connection is a 502 now, as in Navigator; retrying would hold the request until the connect
        // timeout and then fail anyway.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        // No tracer is ever bootstrapped; without this the client still builds span attributes for every request.
        configuration.tracing.tracer = nil
        // Keep-alive to the upstream is what makes reuse possible; HTTPConnectionHandler handles the client side.
        configuration.maximumUsesPerConnection = nil
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }
}
