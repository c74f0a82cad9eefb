public import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The one HTTP client every proxy shares (tenant apps and reverse proxies, D16), configured for proxying:
/// redirects are passed to the client instead of followed, bodies are never decompressed, many connections per
/// upstream are allowed and kept alive for reuse (Navigator opens a new connection per request).
public enum UpstreamClient {
    /// Process-wide and never shut down: it lives as long as the server, like `HTTPClient.shared`.
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(2), read: nil),
            decompression: .disabled
        )
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        configuration.httpVersion = .http1Only
        // Keep-alive to the upstream is what makes reuse possible; Hummingbird handles the client side.
        configuration.maximumUsesPerConnection = nil
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
