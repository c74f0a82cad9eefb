/// `auth:` — htpasswd Basic authentication (F6).
public struct AuthSettings: Sendable, Equatable {
    /// Whether auth is enforced: `enabled: true`, a non-empty `htpasswd` and a realm other than `off`.
    public var enforced: Bool
    /// `realm` (default `Restricted`).
    public var realm: String
    /// `htpasswd` — absolute path; checked to exist at load when auth is enforced.
    public var htpasswdPath: String?
    /// `public_paths` — exemption rules, in file order (only loaded when enabled, as Navigator).
    public var publicPaths: [String]
    /// `auth_patterns`.
    public var authPatterns: [AuthPattern]

    /// Auth off.
    public init(
        enforced: Bool = false, realm: String = "Restricted", htpasswdPath: String? = nil,
        publicPaths: [String] = [], authPatterns: [AuthPattern] = []
    ) {
        self.enforced = enforced
        self.realm = realm
        self.htpasswdPath = htpasswdPath
        self.publicPaths = publicPaths
        self.authPatterns = authPatterns
    }
}

/// `auth.auth_patterns[]`.
public struct AuthPattern: Sendable, Equatable {
    /// `pattern` — unanchored regex over the original path.
    public var pattern: PathPattern
    /// `action` — `off` exempts the path; any other value names a realm.
    public var action: String

    /// Creates an auth pattern.
    public init(pattern: PathPattern, action: String) {
        self.pattern = pattern
        self.action = action
    }
}

/// `cable:` — the built-in TurboCable WebSocket hub (F7).
public struct CableSettings: Sendable, Equatable {
    /// `enabled` (default **true** when absent).
    public var enabled: Bool
    /// `path` (default `/cable`; exact match).
    public var path: String
    /// `broadcast_path` (default `/_broadcast`; exact match, loopback only).
    public var broadcastPath: String
    /// `ping_interval`: how often each connection gets a JSON `{"type":"ping"}` (default 30 s).
    public var pingInterval: Duration
    /// `pong_timeout`: a connection without a pong (JSON or frame) for this long is dropped (default 60 s).
    public var pongTimeout: Duration
    /// `write_timeout`: a connection whose pending writes make no progress for this long is dropped (default 10 s).
    public var writeTimeout: Duration
    /// `max_message_size`: largest inbound message in bytes; larger ones close the socket with 1009 (default 128 KiB).
    public var maxMessageSize: Int
    /// `queue_messages`: per-connection outbound queue bound in messages; beyond it broadcasts are dropped (default 256).
    public var queueMessages: Int
    /// `queue_bytes`: per-connection outbound queue bound in bytes; beyond it broadcasts are dropped (default 1 MiB).
    public var queueBytes: Int

    /// Navigator's defaults (the byte bound is ours: D17).
    public init(
        enabled: Bool = true, path: String = "/cable", broadcastPath: String = "/_broadcast",
        pingInterval: Duration = .seconds(30), pongTimeout: Duration = .seconds(60), writeTimeout: Duration = .seconds(10),
        maxMessageSize: Int = 131_072, queueMessages: Int = 256, queueBytes: Int = 1_048_576
    ) {
        self.enabled = enabled
        self.path = path
        self.broadcastPath = broadcastPath
        self.pingInterval = pingInterval
        self.pongTimeout = pongTimeout
        self.writeTimeout = writeTimeout
        self.maxMessageSize = maxMessageSize
        self.queueMessages = queueMessages
        self.queueBytes = queueBytes
    }
}

/// `maintenance:` (F13).
public struct MaintenanceSettings: Sendable, Equatable {
    /// `enabled`.
    public var enabled: Bool
    /// The page file to serve (absolute path): `page` starting with `/` is under public_dir, otherwise relative to
    /// the working directory; unset = `<public_dir>/503.html`. A missing file falls back to a built-in page.
    public var page: String

    /// Creates maintenance settings.
    public init(enabled: Bool = false, page: String = "public/503.html") {
        self.enabled = enabled
        self.page = page
    }
}

/// `logging:` (F23).
public struct LoggingSettings: Sendable, Equatable {
    /// Output format of Navigator's own log and of child output.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case text, json
    }
    /// `format` (default text).
    public var format: Format
    /// `file` — child output also goes here; `{{app}}` is replaced by the source name.
    public var file: String?
    /// `vector` — `nil` unless enabled.
    public var vector: VectorSettings?

    /// Text logs, no file.
    public init(format: Format = .text, file: String? = nil, vector: VectorSettings? = nil) {
        self.format = format
        self.file = file
        self.vector = vector
    }
}

/// `logging.vector`.
public struct VectorSettings: Sendable, Equatable {
    /// `socket` — Unix stream socket that receives access-log and child-output lines.
    public var socket: String
    /// `config` — when set, `vector --config <config>` is started as the first managed process.
    public var config: String?

    /// Creates Vector settings.
    public init(socket: String, config: String? = nil) {
        self.socket = socket
        self.config = config
    }
}
