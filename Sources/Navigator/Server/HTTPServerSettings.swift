public import Hummingbird
public import HummingbirdCore
public import NavigatorConfig
import NIOCore

/// The HTTP/1.1 channel settings that enforce `server.limits` (D28).
public enum HTTPServerSettings {
    /// Channel configuration: idle timeout, header size limits and the slow-header guard.
    public static func http1(for limits: ServerLimits) -> HTTP1Channel.Configuration {
        let headerTimeout = TimeAmount(limits.headerTimeout)
        var configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [HeaderTimeoutHandler(timeout: headerTimeout)],
            idleTimeout: TimeAmount(limits.idleTimeout)
        )
        configuration.httpDecoder = .init(
            maxHeaderFieldSize: limits.maxHeaderSize,
            maxHeaderListSize: limits.maxHeaderSize,
            maxHeaderFieldCount: 1000
        )
        return configuration
    }
}

extension TimeAmount {
    /// Converts a Swift `Duration`, rounding to nanoseconds.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
