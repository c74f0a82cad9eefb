import FoundationEssentials
import HTTPTypes
import NavigatorCore

/// What the access log captures from a request when it arrives, before inner stages replace the request.
struct AccessLogRequestInfo: Sendable {
    /// `method`.
    let method: String
    /// `protocol` (`HTTP/1.1`, `HTTP/1.0`).
    let httpProtocol: String
    /// The decoded path as received (Go's `r.URL.Path`), logged when no rewrite changed it.
    let path: String
    /// The raw query, `nil` or empty when there is none.
    let query: String?
    /// `client_ip`.
    let clientIP: String
    /// The user named by the request's own headers: Basic credentials, else `X-Remote-User`.
    let headerUser: String?
    /// `request_id`.
    let requestID: String
    /// `referer`.
    let referer: String
    /// `user_agent`.
    let userAgent: String
    /// `fly_request_id`.
    let flyRequestID: String
    /// When the request arrived, for `request_time`.
    let start: ContinuousClock.Instant

    /// Captures `request` as the access-log stage sees it.
    init(request: Request, context: NavigatorRequestContext, trustProxy: Bool) {
        let headers = request.headers
        self.method = request.method.rawValue
        self.httpProtocol = context.httpVersion
        self.path = URLPathEncoding.decode(request.uri.path)
        self.query = request.uri.query
        self.clientIP = Self.clientIP(peer: context.peer, forwardedFor: headers[AccessLogHeader.forwardedFor], trustProxy: trustProxy)
        self.headerUser = Self.basicUser(authorization: headers[.authorization]) ?? headers[AccessLogHeader.remoteUser].flatMap {
            $0.isEmpty ? nil : $0
        }
        self.requestID = context.requestID.isEmpty ? (headers[AccessLogHeader.requestID] ?? "") : context.requestID
        self.referer = headers[.referer] ?? ""
        self.userAgent = headers[.userAgent] ?? ""
        self.flyRequestID = headers[AccessLogHeader.flyRequestID] ?? ""
        self.start = .now
    }

    /// `uri`: `path` (the rewritten one when given) plus `?` and the raw query when non-empty.
    func uri(rewrittenPath: String?) -> String {
        let base = rewrittenPath ?? path
        guard let query, !query.isEmpty else { return base }
        return base + "?" + query
    }

    /// D15: the socket peer's IP; with `trust_proxy`, the first `X-Forwarded-For` entry when there is one.
    static func clientIP(peer: PeerAddress?, forwardedFor: String?, trustProxy: Bool) -> String {
        if trustProxy, let forwardedFor {
            let first = forwardedFor.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = first.trimmingWhitespace()
            if !trimmed.isEmpty { return String(trimmed) }
        }
        return peer?.ip ?? ""
    }

    /// The user name of `Authorization: Basic …` as Go's `Request.BasicAuth` reads it (scheme case-insensitive,
    /// padded base64, user = text before the first colon); `nil` when absent, malformed or empty.
    static func basicUser(authorization: String?) -> String? {
        guard let authorization, authorization.utf8.count > 6,
              authorization.prefix(6).lowercased() == "basic "
        else { return nil }
        guard let data = Data(base64Encoded: String(authorization.dropFirst(6))) else { return nil }
        let decoded = String(decoding: data, as: UTF8.self)
        guard let colon = decoded.firstIndex(of: ":") else { return nil }
        let user = String(decoded[..<colon])
        return user.isEmpty ? nil : user
    }
}

/// Header names the access log reads (a namespace of our own, so other stages' names cannot collide).
enum AccessLogHeader {
    /// `X-Forwarded-For`.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// `X-Remote-User`.
    static let remoteUser = HTTPField.Name("X-Remote-User")!
    /// `X-Request-Id`.
    static let requestID = HTTPField.Name("X-Request-Id")!
    /// `Fly-Request-Id`.
    static let flyRequestID = HTTPField.Name("Fly-Request-Id")!
}
