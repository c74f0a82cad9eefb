/// `routes:` — redirects, rewrites, reverse proxies and Fly-Replay.
public struct RouteSettings: Sendable, Equatable {
    /// Redirect and rewrite rules in evaluation order: every `redirects[]` entry, then every `rewrites[]` entry.
    public var rules: [RouteRule]
    /// `reverse_proxies` — first match wins.
    public var reverseProxies: [ReverseProxySpec]
    /// `fly.replay`.
    public var flyReplay: [FlyReplayRule]

    /// No routes.
    public init(rules: [RouteRule] = [], reverseProxies: [ReverseProxySpec] = [], flyReplay: [FlyReplayRule] = []) {
        self.rules = rules
        self.reverseProxies = reverseProxies
        self.flyReplay = flyReplay
    }
}

/// One redirect or rewrite (F10, D3): `{from, to}` or `{pattern, replacement, redirect, status}`.
public struct RouteRule: Sendable, Equatable {
    /// What a match does.
    public enum Kind: Sendable, Equatable {
        /// Answer with this status and `Location` = the replaced path.
        case redirect(status: Int)
        /// Replace the request path and keep evaluating later rules.
        case rewrite
    }
    /// The regex (non-empty; D19).
    public var pattern: PathPattern
    /// The replacement, Go `ReplaceAllString` syntax (`$1`, `${1}`, `$name`).
    public var replacement: String
    /// Redirect or rewrite.
    public var kind: Kind

    /// Creates a rule.
    public init(pattern: PathPattern, replacement: String, kind: Kind) {
        self.pattern = pattern
        self.replacement = replacement
        self.kind = kind
    }
}

/// `routes.reverse_proxies[]` (F11).
public struct ReverseProxySpec: Sendable, Equatable {
    /// How a request path is matched.
    public enum Match: Sendable, Equatable {
        /// `path` — unanchored regex (wins over `prefix` when both are set).
        case pattern(PathPattern)
        /// `prefix` — plain string prefix.
        case prefix(String)
    }
    /// `name` (logs only).
    public var name: String
    /// `path` or `prefix`.
    public var match: Match
    /// `target` — absolute http(s) URL, may contain `$1`…`$9`.
    public var target: String
    /// `strip_path`.
    public var stripPath: Bool
    /// `headers` — set on the upstream request; `$remote_addr`, `$scheme`, `$host` substituted.
    public var headers: [HeaderEntry]
    /// `response_headers` — overwrite upstream response headers.
    public var responseHeaders: [HeaderEntry]
    /// `websocket` — tunnel WebSocket upgrades.
    public var websocket: Bool
    /// `connect_timeout` — how long to wait for the upstream's TCP (and TLS) connection; 30 s as Go's dialer.
    public var connectTimeout: Duration
    /// `read_timeout` — the longest wait for the response head and between two body reads; `nil` waits forever,
    /// as Navigator does.
    public var readTimeout: Duration?

    /// Creates a reverse proxy entry.
    public init(
        name: String, match: Match, target: String, stripPath: Bool = false,
        headers: [HeaderEntry] = [], responseHeaders: [HeaderEntry] = [], websocket: Bool = false,
        connectTimeout: Duration = .seconds(30), readTimeout: Duration? = nil
    ) {
        self.name = name
        self.match = match
        self.target = target
        self.stripPath = stripPath
        self.headers = headers
        self.responseHeaders = responseHeaders
        self.websocket = websocket
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }
}

/// `routes.fly.replay[]` (F12, D3).
public struct FlyReplayRule: Sendable, Equatable {
    /// Where the replay goes.
    public enum Target: Sendable, Equatable {
        /// `app:` — another Fly app.
        case app(String)
        /// `region:` — another region of this app.
        case region(String)
        /// `machine:` — a machine id, with the app it belongs to (`app` or `$FLY_APP_NAME`).
        case machine(id: String, app: String?)
    }
    /// `path` — unanchored regex.
    public var pattern: PathPattern
    /// The replay target.
    public var target: Target
    /// `status` (default 307).
    public var status: Int
    /// `methods` — upper-cased; empty = every method.
    public var methods: [String]

    /// Creates a replay rule.
    public init(pattern: PathPattern, target: Target, status: Int = 307, methods: [String] = []) {
        self.pattern = pattern
        self.target = target
        self.status = status
        self.methods = methods
    }
}
