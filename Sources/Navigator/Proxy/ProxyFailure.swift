import AsyncHTTPClient
import NavigatorCore
import NIOCore

/// What a failed upstream exchange answers: 504 `Gateway Timeout` when the upstream did not connect or answer in
/// time (as nginx), 502 `Bad Gateway` for everything else (refused, reset, invalid response, TLS failure).
enum ProxyFailure {
    /// The client-facing failure for `error`.
    static func failure(for error: any Error) -> HTTPFailure {
        isTimeout(error) ? HTTPFailure(.gatewayTimeout, "Gateway Timeout") : HTTPFailure(.badGateway, "Bad Gateway")
    }

    /// Whether `error` is a connect or read timeout.
    static func isTimeout(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .readTimeout || error == .deadlineExceeded
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        return error is WebSocketUpstream.HandshakeTimeout
    }
}
