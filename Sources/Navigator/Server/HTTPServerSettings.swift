public import Hummingbird
public import HummingbirdCore
public import NavigatorConfig
import NIOCore

/// The HTTP/1.1 channel settings that enforce `server.limits` (D28).
public enum HTTPServerSettings {
    /// Channel configuration: idle timeout and header size limits. The slow-header guard for the first request is
    /// `UpgradeHeadTimeoutHandler`, which `NavigatorHTTPChannel` installs on every connection.
    public static func http1(for limits: ServerLimits) -> HTTP1Channel.Configuration {
        var configuration = HTTP1Channel.Configuration(idleTimeout: TimeAmount(limits.idleTimeout))
        configuration.httpDecoder = .init(
            maxHeaderFieldSize: limits.maxHeaderSize,
            maxHeaderListSize: limits.maxHeaderSize,
            maxHeaderFieldCount: 1000
        )
        return configuration
    }
}
