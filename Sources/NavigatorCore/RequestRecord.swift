import Synchronization

/// What a request's handling learned that the access log reports (spec §1b): filled by the middleware that
/// answers, read once by the access log when the response body is done.
///
/// A reference type because the access log sits outside the middlewares that fill it in and only sees the
/// context it passed down, not the copies made further in.
public final class RequestRecord: Sendable {
    /// The access-log fields a handler may set.
    public struct Fields: Sendable, Equatable {
        /// `response_type` (`proxy`, `static`, `redirect`, `maintenance`, …).
        public var responseType: String?
        /// `tenant`.
        public var tenant: String?
        /// `destination` (redirect target, fly-replay target).
        public var destination: String?
        /// `proxy_backend`.
        public var proxyBackend: String?
        /// `file_path` (static files).
        public var filePath: String?
        /// `error_message`.
        public var errorMessage: String?
        /// `remote_user` from Basic credentials.
        public var remoteUser: String?
        /// The path after rewrites (the access log's `uri`), when a rewrite changed it.
        public var rewrittenPath: String?
        /// Overrides the logged status (e.g. 499 when the client left before the answer).
        public var statusOverride: Int?

        /// Empty fields.
        public init() {}
    }

    private let fields = Mutex(Fields())
    private let streaming = Atomic<Bool>(false)

    /// Creates an empty record.
    public init() {}

    /// The current fields.
    public var snapshot: Fields { fields.withLock { $0 } }

    /// Whether the answering stage said its response body is produced while it is written.
    public var hasStreamingBody: Bool { streaming.load(ordering: .relaxed) }

    /// The length of `body` when it is already in memory: it has a length and no stage marked it streaming.
    public func inMemoryLength(of body: ResponseBody) -> Int? {
        hasStreamingBody ? nil : body.contentLength
    }

    /// Says the response body is produced while it is written (an upstream's, a large file's, a CGI script's),
    /// so the access log waits for its end and counts the bytes that really left. Bodies with a length and no
    /// such mark are taken to be in memory: logged as they are handed over, and written with their head in one go.
    public func markStreamingBody() {
        streaming.store(true, ordering: .relaxed)
    }

    /// Changes fields in place.
    public func update(_ body: (inout Fields) -> Void) {
        fields.withLock { body(&$0) }
    }
}
