/// `server:` — the listener, static files, health check, CGI, idle handling and limits.
public struct ServerSettings: Sendable, Equatable {
    /// `server.listen` — where to accept connections (default port 3000 on every interface).
    public var listen: ListenAddress
    /// `server.hostname` — informational only (Navigator never uses it either).
    public var hostname: String
    /// `server.root_path` — "" or a path normalised to start and end with `/` (e.g. `/showcase/`).
    public var rootPath: String
    /// `server.trust_proxy` — trust X-Forwarded-Host/For from the client.
    public var trustProxy: Bool
    /// `server.static`.
    public var staticFiles: StaticSettings
    /// `server.idle` — `nil` when off.
    public var idle: IdleSettings?
    /// `server.health_check` — `nil` when no path is set.
    public var healthCheck: HealthCheckSettings?
    /// `server.cgi_scripts`.
    public var cgiScripts: [CGIScriptSpec]
    /// `server.bot_detection` (D3) — off by default.
    public var botDetection: BotDetectionSettings
    /// `server.disable_compression` (D3) — we never compress, so this only documents intent.
    public var disableCompression: Bool
    /// `server.limits` (D28) — timeouts and size limits.
    public var limits: ServerLimits

    /// Defaults as for an empty file.
    public init(
        listen: ListenAddress = .init(),
        hostname: String = "",
        rootPath: String = "",
        trustProxy: Bool = false,
        staticFiles: StaticSettings = .init(),
        idle: IdleSettings? = nil,
        healthCheck: HealthCheckSettings? = nil,
        cgiScripts: [CGIScriptSpec] = [],
        botDetection: BotDetectionSettings = .init(),
        disableCompression: Bool = false,
        limits: ServerLimits = .init()
    ) {
        self.listen = listen
        self.hostname = hostname
        self.rootPath = rootPath
        self.trustProxy = trustProxy
        self.staticFiles = staticFiles
        self.idle = idle
        self.healthCheck = healthCheck
        self.cgiScripts = cgiScripts
        self.botDetection = botDetection
        self.disableCompression = disableCompression
        self.limits = limits
    }
}

/// `server.listen` — a bare port (all interfaces), `host:port` or `[v6]:port` (D6).
public struct ListenAddress: Sendable, Equatable {
    /// Host to bind; `nil` means every interface (IPv4 and IPv6, as Navigator).
    public var host: String?
    /// TCP port, 0…65535 (0 = let the kernel choose; used by tests).
    public var port: Int

    /// Creates an address; the default is port 3000 on every interface.
    public init(host: String? = nil, port: Int = 3000) {
        self.host = host
        self.port = port
    }
}

extension ListenAddress: CustomStringConvertible {
    /// The address as Navigator prints it: `:3000` for every interface, `host:port` otherwise (brackets for IPv6).
    public var description: String {
        let host = host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
        return "\(host):\(port)"
    }
}

/// `server.static`.
public struct StaticSettings: Sendable, Equatable {
    /// `public_dir` — absolute path (default `<cwd>/public`).
    public var publicDir: String
    /// `public_dir` as the configuration wrote it (default `public`): the access log's `file_path` starts with it,
    /// as Navigator's does.
    public var publicDirAsWritten: String
    /// `allowed_extensions` — without dots; empty = every extension.
    public var allowedExtensions: [String]
    /// `try_files` — suffixes tried in order for extension-less paths; empty = off.
    public var tryFiles: [String]
    /// `normalize_trailing_slashes` — redirect `/dir` to `/dir/` when `dir/index.html` exists.
    public var normalizeTrailingSlashes: Bool
    /// `cache_control`.
    public var cacheControl: CacheControlSettings

    /// Creates static settings; `publicDir` defaults to `public` (relative paths are resolved by the loader).
    public init(
        publicDir: String = "public",
        publicDirAsWritten: String? = nil,
        allowedExtensions: [String] = [],
        tryFiles: [String] = [],
        normalizeTrailingSlashes: Bool = false,
        cacheControl: CacheControlSettings = .init()
    ) {
        self.publicDir = publicDir
        self.publicDirAsWritten = publicDirAsWritten ?? publicDir
        self.allowedExtensions = allowedExtensions
        self.tryFiles = tryFiles
        self.normalizeTrailingSlashes = normalizeTrailingSlashes
        self.cacheControl = cacheControl
    }
}

/// `server.static.cache_control`.
public struct CacheControlSettings: Sendable, Equatable {
    /// `default` — max-age for every static response; `nil` = no Cache-Control header.
    public var defaultMaxAge: Duration?
    /// `default_immutable`.
    public var defaultImmutable: Bool
    /// `overrides` — the longest matching `path` prefix wins.
    public var overrides: [CacheControlOverride]

    /// Creates cache-control settings (no header by default).
    public init(defaultMaxAge: Duration? = nil, defaultImmutable: Bool = false, overrides: [CacheControlOverride] = []) {
        self.defaultMaxAge = defaultMaxAge
        self.defaultImmutable = defaultImmutable
        self.overrides = overrides
    }
}

/// One `server.static.cache_control.overrides[]` entry.
public struct CacheControlOverride: Sendable, Equatable {
    /// URL path prefix (matched against the original path, root_path included).
    public var path: String
    /// `max_age`.
    public var maxAge: Duration?
    /// `immutable`.
    public var immutable: Bool

    /// Creates an override.
    public init(path: String, maxAge: Duration?, immutable: Bool = false) {
        self.path = path
        self.maxAge = maxAge
        self.immutable = immutable
    }
}

/// `server.idle` — machine suspend/stop after inactivity (F18).
public struct IdleSettings: Sendable, Equatable {
    /// What to ask the Fly Machines API for.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        case suspend, stop
    }
    /// `action`.
    public var action: Action
    /// `timeout` (default 10m).
    public var timeout: Duration

    /// Creates idle settings.
    public init(action: Action, timeout: Duration = .seconds(600)) {
        self.action = action
        self.timeout = timeout
    }
}

/// `server.health_check`.
public struct HealthCheckSettings: Sendable, Equatable {
    /// `path` — exact match.
    public var path: String
    /// `response` — a synthetic answer; `nil` means proxy the path to the tenant app.
    public var response: SyntheticResponse?

    /// Creates health-check settings.
    public init(path: String, response: SyntheticResponse? = nil) {
        self.path = path
        self.response = response
    }
}

/// `server.health_check.response`.
public struct SyntheticResponse: Sendable, Equatable {
    /// `status` — default 200 (D14).
    public var status: Int
    /// `body`.
    public var body: String
    /// `headers`, in file order.
    public var headers: [HeaderEntry]

    /// Creates a synthetic response.
    public init(status: Int = 200, body: String = "", headers: [HeaderEntry] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }
}

/// `server.cgi_scripts[]` (F16, D18, D30).
public struct CGIScriptSpec: Sendable, Equatable {
    /// `path` — exact request path.
    public var path: String
    /// `script` — absolute path of an executable file (checked at load).
    public var script: String
    /// `method` — upper-cased; `nil` = every method.
    public var method: String?
    /// `user` to run as (root only).
    public var user: String?
    /// `group` to run as (root only).
    public var group: String?
    /// `allowed_users` — empty = anyone who passed auth.
    public var allowedUsers: [String]
    /// `env`, expanded, in file order.
    public var env: [EnvironmentEntry]
    /// `reload_config` — config file to reload after a successful run.
    public var reloadConfig: String?
    /// `timeout` — `nil` = none.
    public var timeout: Duration?

    /// Creates a CGI script entry.
    public init(
        path: String, script: String, method: String? = nil, user: String? = nil, group: String? = nil,
        allowedUsers: [String] = [], env: [EnvironmentEntry] = [], reloadConfig: String? = nil, timeout: Duration? = nil
    ) {
        self.path = path
        self.script = script
        self.method = method
        self.user = user
        self.group = group
        self.allowedUsers = allowedUsers
        self.env = env
        self.reloadConfig = reloadConfig
        self.timeout = timeout
    }
}

/// `server.bot_detection` and `applications.tenants[].bot_detection` (D3).
public struct BotDetectionSettings: Sendable, Equatable {
    /// What to do with a request classified as a bot.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        case reject
        case ignore
        case staticOnly = "static-only"
    }
    /// `enabled` (default false).
    public var enabled: Bool
    /// `action` (default `reject`).
    public var action: Action

    /// Creates bot-detection settings (off by default).
    public init(enabled: Bool = false, action: Action = .reject) {
        self.enabled = enabled
        self.action = action
    }
}

/// `server.limits` (D28) — nginx-like defaults.
public struct ServerLimits: Sendable, Equatable {
    /// `header_timeout` — a client must finish sending request headers within this (nginx `client_header_timeout`, 60s).
    public var headerTimeout: Duration
    /// `idle_timeout` — an idle keep-alive connection, or a request body that stops arriving, is closed after this
    /// (nginx `keepalive_timeout` 75s).
    public var idleTimeout: Duration
    /// `max_header_size` — bytes of request line plus headers (default 64 KiB; larger → 400).
    public var maxHeaderSize: Int
    /// `max_body_size` — bytes of request body; `nil` = unlimited (default 1 GiB; larger → 413).
    public var maxBodySize: Int64?

    /// Creates limits with the documented defaults.
    public init(
        headerTimeout: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(75),
        maxHeaderSize: Int = 64 * 1024,
        maxBodySize: Int64? = 1 << 30
    ) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxHeaderSize = maxHeaderSize
        self.maxBodySize = maxBodySize
    }
}
