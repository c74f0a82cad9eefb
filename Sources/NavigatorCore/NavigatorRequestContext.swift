public import Logging
public import NIOCore

/// The typed per-request context every middleware receives.
public struct NavigatorRequestContext: Sendable {
    /// The logger for this request.
    public var logger: Logger
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
    /// requests arriving on a connection, false in in-process tests.
    public var writesFileRegions: Bool
    /// The request's protocol as the access log writes it (`HTTP/1.1`, `HTTP/1.0`).
    public var httpVersion: String = "HTTP/1.1"

    /// Builds the context for a request arriving on `channel`, whose peer is already known (a connection works it
    /// out once for all its requests).
    public init(channel: any Channel, logger: Logger, peer: PeerAddress?) {
        self.logger = logger
        self.channel = channel
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
        self.logger = logger
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
}
