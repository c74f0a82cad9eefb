public import HTTPTypes
public import NIOCore

/// One HTTP request as the pipeline sees it: the head and a body that is read at most once.
public struct Request: Sendable {
    /// The request target split into path and query.
    public let uri: RequestURI
    /// Method, target, authority and header fields.
    public let head: HTTPRequest
    /// The body: in memory, or streamed from the connection with backpressure.
    public var body: RequestBody

    /// The method.
    public var method: HTTPRequest.Method { head.method }

    /// The header fields.
    public var headers: HTTPFields { head.headerFields }

    /// A request with `head` and `body`.
    public init(head: HTTPRequest, body: RequestBody) {
        self.head = head
        self.body = body
        self.uri = RequestURI(head.path ?? "/")
    }
}

/// A request target (`/path?query`), split once.
public struct RequestURI: Sendable, CustomStringConvertible {
    /// The target as it arrived.
    public let string: String
    /// Where the query starts (the `?`), if there is one.
    private let queryMark: String.Index?

    /// Splits `string` at its first `?`.
    public init(_ string: String) {
        self.string = string
        self.queryMark = string.utf8.firstIndex(of: UInt8(ascii: "?"))
    }

    /// The path, still percent-encoded; `/` for an empty target.
    public var path: String {
        let path = queryMark.map { string[..<$0] } ?? Substring(string)
        return path.isEmpty ? "/" : String(path)
    }

    /// The query without its `?`, or `nil` when the target has none.
    public var query: String? {
        queryMark.map { String(string[string.index(after: $0)...]) }
    }

    public var description: String { string }
}
