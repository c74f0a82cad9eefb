public import Hummingbird
public import Logging
public import NIOCore

/// The typed per-request context every middleware receives.
public struct NavigatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The socket peer (never from headers); `nil` only in in-process tests without a channel.
    public var peer: PeerAddress?
    /// The channel the request arrived on, for upgrades; `nil` in in-process tests.
    public let channel: (any Channel)?
    /// `X-Request-Id` of this request (set by the request-id middleware).
    public var requestID: String
    /// The request path as it arrived, before any rewrite (auth exemptions are checked on it).
    public var originalPath: String
    /// Whether the auth stage found the path public (try_files and others may consult it).
    public var isPublic: Bool
    /// The authenticated Basic user, if any.
    public var remoteUser: String?
    /// The pipeline generation serving this request.
    public var generation: Int
    /// Access-log fields, shared with the access-log middleware.
    public let record: RequestRecord
    /// Non-`nil` while the request runs as a WebSocket upgrade probe (see `UpgradeSlot`).
    public var upgrade: UpgradeSlot?
    /// Whether the connection's writer can send file bodies with `sendfile(2)` (`FileSendingWriter`): true for
    /// requests answered on the event loop, false on Hummingbird's path.
    public var writesFileRegions: Bool

    /// Builds the context for a request arriving on a server channel.
    public init(source: ApplicationRequestContextSource) {
        self.init(source: source, peer: PeerAddress(source.channel.remoteAddress))
    }

    /// Builds the context for a request arriving on a server channel whose peer is already known (a connection
    /// works it out once for all its requests).
    public init(source: ApplicationRequestContextSource, peer: PeerAddress?) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.peer = peer
        self.requestID = ""
        self.originalPath = ""
        self.isPublic = false
        self.remoteUser = nil
        self.generation = 0
        self.record = RequestRecord()
        self.upgrade = nil
        self.writesFileRegions = false
    }

    /// Builds a context without a channel (in-process tests and internal sub-requests).
    public init(logger: Logger, peer: PeerAddress?) {
        self.coreContext = .init(source: LoggerSource(logger: logger))
        self.channel = nil
        self.peer = peer
        self.requestID = ""
        self.originalPath = ""
        self.isPublic = false
        self.remoteUser = nil
        self.generation = 0
        self.record = RequestRecord()
        self.upgrade = nil
        self.writesFileRegions = false
    }

    /// No framework-level body cap: `server.limits.max_body_size` is enforced by the pipeline.
    public var maxUploadSize: Int { Int.max }
}

/// A context source that carries only a logger.
struct LoggerSource: RequestContextSource {
    let logger: Logger
}
