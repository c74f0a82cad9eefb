/// `applications:` — the tenant apps started on demand (F1–F3, F24–F29).
public struct ApplicationSettings: Sendable, Equatable {
    /// `pools`.
    public var pools: PoolSettings
    /// `health_check` — readiness probe path (default `/`).
    public var healthCheck: String
    /// `track_websockets` (default true; D4 honours false).
    public var trackWebsockets: Bool
    /// `startup_timeout` (D2; default 5s) — how long a request waits for a starting app before the maintenance page.
    public var startupTimeout: Duration
    /// Tenants in file order; routing picks the longest path prefix.
    public var tenants: [TenantSpec]

    /// No tenants.
    public init(
        pools: PoolSettings = .init(), healthCheck: String = "/", trackWebsockets: Bool = true,
        startupTimeout: Duration = .seconds(5), tenants: [TenantSpec] = []
    ) {
        self.pools = pools
        self.healthCheck = healthCheck
        self.trackWebsockets = trackWebsockets
        self.startupTimeout = startupTimeout
        self.tenants = tenants
    }
}

/// `applications.pools`.
public struct PoolSettings: Sendable, Equatable {
    /// `timeout` — idle time before an app is stopped (default 10m).
    public var idleTimeout: Duration
    /// `start_port` (default 4000); apps get ports in `start_port…start_port+100`.
    public var startPort: Int
    /// `default_memory_limit` in bytes (cgroups; root only).
    public var defaultMemoryLimit: Int64?
    /// `user` to run apps as (root only).
    public var user: String?
    /// `group` to run apps as (root only).
    public var group: String?
    /// `max_size` — at most this many apps run; the least recently used idle one is stopped (D3). `nil` = no limit.
    public var maxSize: Int?
    /// `stop_grace` — time between SIGTERM and SIGKILL when stopping an app (D8; default 10s).
    public var stopGrace: Duration

    /// Navigator's defaults.
    public init(
        idleTimeout: Duration = .seconds(600), startPort: Int = 4000, defaultMemoryLimit: Int64? = nil,
        user: String? = nil, group: String? = nil, maxSize: Int? = nil, stopGrace: Duration = .seconds(10)
    ) {
        self.idleTimeout = idleTimeout
        self.startPort = startPort
        self.defaultMemoryLimit = defaultMemoryLimit
        self.user = user
        self.group = group
        self.maxSize = maxSize
        self.stopGrace = stopGrace
    }
}

/// One `applications.tenants[]` entry, with every inherited setting resolved.
public struct TenantSpec: Sendable, Equatable {
    /// `path` — starts and ends with `/`.
    public var path: String
    /// The tenant name: `path` without a leading `/showcase/` and without the trailing `/` (Navigator's rule),
    /// or `name` when given.
    public var name: String
    /// Working directory of the app (absolute; `root`, else `applications.framework.app_directory`, else cwd).
    public var root: String
    /// How to start the app.
    public var command: AppCommand
    /// Environment for the app: `applications.env` with this tenant's `var` substituted, then the tenant's `env`.
    /// `PORT` (or `port_env_var`) is added at spawn time.
    public var env: [EnvironmentEntry]
    /// Readiness probe path.
    public var healthCheck: String
    /// Whether proxied WebSockets keep this app alive.
    public var trackWebsockets: Bool
    /// How long requests wait for this app to become ready.
    public var startupTimeout: Duration
    /// Tenant hooks: `hooks.tenant.*` defaults followed by this tenant's own `hooks.*`.
    public var hooks: TenantHooks
    /// `memory_limit` (falls back to `pools.default_memory_limit`).
    public var memoryLimit: Int64?
    /// `user` (falls back to `pools.user`).
    public var user: String?
    /// `group` (falls back to `pools.group`).
    public var group: String?
    /// `bot_detection` override; `nil` = the server's setting.
    public var botDetection: BotDetectionSettings?
    /// `public_dir` (parsed; informational, as in Navigator).
    public var publicDir: String?

    /// Creates a tenant.
    public init(
        path: String, name: String, root: String, command: AppCommand, env: [EnvironmentEntry] = [],
        healthCheck: String = "/", trackWebsockets: Bool = true, startupTimeout: Duration = .seconds(5),
        hooks: TenantHooks = .init(), memoryLimit: Int64? = nil, user: String? = nil, group: String? = nil,
        botDetection: BotDetectionSettings? = nil, publicDir: String? = nil
    ) {
        self.path = path
        self.name = name
        self.root = root
        self.command = command
        self.env = env
        self.healthCheck = healthCheck
        self.trackWebsockets = trackWebsockets
        self.startupTimeout = startupTimeout
        self.hooks = hooks
        self.memoryLimit = memoryLimit
        self.user = user
        self.group = group
        self.botDetection = botDetection
        self.publicDir = publicDir
    }
}

/// The command line of a tenant app (F27, D3 `applications.framework`).
public struct AppCommand: Sendable, Equatable {
    /// Program to run (PATH lookup when not a path).
    public var executable: String
    /// Arguments; `{{port}}` and `${port}` are replaced with the allocated port at spawn time.
    public var arguments: [String]
    /// Environment variable that receives the port (default `PORT`).
    public var portEnvVar: String
    /// Delay after spawning before the readiness probe starts.
    public var startDelay: Duration?

    /// Creates a command.
    public init(executable: String, arguments: [String], portEnvVar: String = "PORT", startDelay: Duration? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.portEnvVar = portEnvVar
        self.startDelay = startDelay
    }
}

/// `applications.tenants[].hooks` merged with `hooks.tenant`.
public struct TenantHooks: Sendable, Equatable {
    /// Run after the app is spawned (defaults first, then the tenant's).
    public var start: [HookSpec]
    /// Run before the app is stopped (defaults first, then the tenant's).
    public var stop: [HookSpec]

    /// Creates tenant hooks.
    public init(start: [HookSpec] = [], stop: [HookSpec] = []) {
        self.start = start
        self.stop = stop
    }
}

/// `managed_processes[]` (F4, D11).
public struct ManagedProcessSpec: Sendable, Equatable {
    /// `name` — identity across reloads (unique).
    public var name: String
    /// `command` — PATH lookup, no shell.
    public var command: String
    /// `args`.
    public var args: [String]
    /// `working_dir` (absolute; default cwd).
    public var workingDir: String?
    /// `env` added to Navigator's environment.
    public var env: [EnvironmentEntry]
    /// `auto_restart` — restart after abnormal exits, with capped exponential backoff.
    public var autoRestart: Bool
    /// `start_delay`.
    public var startDelay: Duration?

    /// Creates a managed process.
    public init(
        name: String, command: String, args: [String] = [], workingDir: String? = nil, env: [EnvironmentEntry] = [],
        autoRestart: Bool = false, startDelay: Duration? = nil
    ) {
        self.name = name
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.env = env
        self.autoRestart = autoRestart
        self.startDelay = startDelay
    }
}

/// `hooks:` (F5).
public struct HookSettings: Sendable, Equatable {
    /// `hooks.server.start` — before listening, and on every reload.
    public var serverStart: [HookSpec]
    /// `hooks.server.ready` — after listening and after each reload.
    public var serverReady: [HookSpec]
    /// `hooks.server.idle` — before the machine idle action.
    public var serverIdle: [HookSpec]
    /// `hooks.server.resume` — on the first request after an idle action.
    public var serverResume: [HookSpec]
    /// `hooks.server.stop` (D3) — during graceful shutdown.
    public var serverStop: [HookSpec]

    /// No hooks.
    public init(
        serverStart: [HookSpec] = [], serverReady: [HookSpec] = [], serverIdle: [HookSpec] = [],
        serverResume: [HookSpec] = [], serverStop: [HookSpec] = []
    ) {
        self.serverStart = serverStart
        self.serverReady = serverReady
        self.serverIdle = serverIdle
        self.serverResume = serverResume
        self.serverStop = serverStop
    }
}

/// One hook entry.
public struct HookSpec: Sendable, Equatable {
    /// `command` — PATH lookup, no shell.
    public var command: String
    /// `args`.
    public var args: [String]
    /// `timeout` — `nil` = none.
    public var timeout: Duration?
    /// `reload_config` — config file to reload after the hook (ready/resume hooks only).
    public var reloadConfig: String?

    /// Creates a hook.
    public init(command: String, args: [String] = [], timeout: Duration? = nil, reloadConfig: String? = nil) {
        self.command = command
        self.args = args
        self.timeout = timeout
        self.reloadConfig = reloadConfig
    }
}
