import HTTPTypes
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// What the connection handler reads off a request head before the pipeline sees it.
enum RequestHead {
    /// The head as swift-http-types' request: the target as it arrived (origin form; the path and query of an
    /// absolute-form target), `Host` as the authority, the other fields in order; `nil` for a method that is not
    /// a valid token.
    static func httpRequest(from head: HTTPRequestHead) -> HTTPRequest? {
        guard let method = HTTPRequest.Method(head.method.rawValue) else { return nil }
        return HTTPRequest(
            method: method, scheme: "http", authority: head.headers.first(name: "host"), path: path(of: head.uri),
            headerFields: HTTPFields(head.headers, splitCookie: false))
    }

    /// The request target as a path: origin form and `*` as they are, an absolute-form target's path and query.
    static func path(of target: String) -> String {
        guard let first = target.utf8.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "*"),
              let scheme = target.firstRange(of: "://")
        else { return target }
        let rest = target[scheme.upperBound...]
        guard let slash = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else { return "/" }
        let path = String(rest[slash...])
        return path.hasPrefix("?") ? "/" + path : path
    }

    /// Whether the head names its host as RFC 9112 §3.2 asks: exactly one `Host` field in HTTP/1.1 (none is fine in
    /// HTTP/1.0). Go's server answers 400 otherwise, and so do we.
    static func hasValidHost(_ head: HTTPRequestHead) -> Bool {
        let count = head.headers["host"].count
        return count == 1 || (count == 0 && head.version == .http1_0)
    }

    /// Whether a body follows the head: a `Transfer-Encoding`, or a `Content-Length` other than 0.
    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers.contains(name: "transfer-encoding") { return true }
        guard let length = head.headers.first(name: "content-length") else { return false }
        return length != "0"
    }

    /// Whether the client waits for `100 Continue` before sending the body.
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        head.headers.first(name: "expect")?.lowercased() == "100-continue"
    }

    /// Whether the request asks to switch protocols: an `Upgrade` field and `upgrade` among the `Connection` tokens.
    static func asksForUpgrade(_ request: HTTPRequest) -> Bool {
        request.headerFields[.upgrade] != nil && request.headerFields.containsToken(.connection, "upgrade")
    }
}
