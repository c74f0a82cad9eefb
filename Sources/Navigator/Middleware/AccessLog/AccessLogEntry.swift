/// One access-log line (spec §1b): the fields in Navigator's order, the optional ones omitted when empty.
struct AccessLogEntry: Sendable, Equatable {
    /// `@timestamp` — local time, Go layout `2006-01-02T15:04:05.000Z07:00`.
    var timestamp: String
    /// `client_ip` (D15).
    var clientIP: String
    /// `remote_user`, `-` when unknown.
    var remoteUser: String
    /// `method`.
    var method: String
    /// `uri` — the (rewritten) decoded path plus `?` and the raw query when there is one.
    var uri: String
    /// `protocol`.
    var httpProtocol: String = "HTTP/1.1"
    /// `status` — the status the client saw (or 499 when it left first).
    var status: Int
    /// `body_bytes_sent` — bytes of body actually written.
    var bodyBytesSent: Int
    /// `request_id`.
    var requestID: String
    /// `request_time` — seconds with three decimals.
    var requestTime: String
    /// `referer`.
    var referer: String
    /// `user_agent`.
    var userAgent: String
    /// `fly_request_id`.
    var flyRequestID: String
    /// `tenant`, omitted when empty.
    var tenant: String?
    /// `response_type`, omitted when empty.
    var responseType: String?
    /// `destination`, omitted when empty.
    var destination: String?
    /// `proxy_backend`, omitted when empty.
    var proxyBackend: String?
    /// `file_path`, omitted when empty.
    var filePath: String?
    /// `error_message`, omitted when empty.
    var errorMessage: String?

    /// The JSON line, without a trailing newline.
    var jsonLine: String {
        var encoder = JSONLineEncoder()
        encoder.add("@timestamp", timestamp)
        encoder.add("client_ip", clientIP)
        encoder.add("remote_user", remoteUser)
        encoder.add("method", method)
        encoder.add("uri", uri)
        encoder.add("protocol", httpProtocol)
        encoder.add("status", status)
        encoder.add("body_bytes_sent", bodyBytesSent)
        encoder.add("request_id", requestID)
        encoder.add("request_time", requestTime)
        encoder.add("referer", referer)
        encoder.add("user_agent", userAgent)
        encoder.add("fly_request_id", flyRequestID)
        encoder.addIfPresent("tenant", tenant)
        encoder.addIfPresent("response_type", responseType)
        encoder.addIfPresent("destination", destination)
        encoder.addIfPresent("proxy_backend", proxyBackend)
        encoder.addIfPresent("file_path", filePath)
        encoder.addIfPresent("error_message", errorMessage)
        return encoder.line
    }

    /// Go's `fmt.Sprintf("%.3f", seconds)` for a non-negative duration.
    static func formatSeconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let totalMilliseconds = max(0, seconds * 1000 + (attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000)
        let fraction = String(totalMilliseconds % 1000)
        return String(totalMilliseconds / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
