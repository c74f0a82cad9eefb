/// `applications:` as written.
struct RawApplications {
    /// `pools`.
    var pools = RawPools()
    /// `env`, not yet expanded (tenant variables come first).
    var env: [(name: String, value: Located<String>)] = []
    /// `runtime` by framework.
    var runtime: [String: Located<String>] = [:]
    /// `server` by framework.
    var server: [String: Located<String>] = [:]
    /// `args` by framework.
    var args: [String: [Located<String>]] = [:]
    /// `health_check`.
    var healthCheck: Located<String>?
    /// `track_websockets`.
    var trackWebsockets: Located<Bool>?
    /// `startup_timeout`.
    var startupTimeout: Located<String>?
    /// `framework`, when written.
    var framework: RawFramework?
    /// `tenants`.
    var tenants: [RawTenant] = []

    /// Reads `applications:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        pools = RawPools(map.map("pools"))
        env = map.stringMap("env", .none) ?? []
        for (name, node) in map.value("runtime")?.namedChildren() ?? [] {
            runtime[name] = node.string()
        }
        for (name, node) in map.value("server")?.namedChildren() ?? [] {
            server[name] = node.string()
        }
        for (name, node) in map.value("args")?.namedChildren() ?? [] {
            args[name] = node.stringList(.arguments)
        }
        healthCheck = map.string("health_check")
        trackWebsockets = map.bool("track_websockets")
        startupTimeout = map.string("startup_timeout")
        framework = map.map("framework").map(RawFramework.init)
        if let hooks = map.value("hooks") {
            map.context.warning(hooks.location, hooks.keyPath,
                                "`applications.hooks` has no effect (as in Navigator); put default tenant hooks under `hooks.tenant`")
        }
        tenants = (map.list("tenants") ?? []).compactMap { $0.mapping().map(RawTenant.init) }
        map.finish()
    }
}

/// `applications.pools` as written.
struct RawPools {
    /// `timeout`.
    var timeout: Located<String>?
    /// `start_port`.
    var startPort: Located<Int>?
    /// `default_memory_limit`.
    var defaultMemoryLimit: Located<String>?
    /// `user`.
    var user: Located<String>?
    /// `group`.
    var group: Located<String>?
    /// `max_size`.
    var maxSize: Located<Int>?
    /// `stop_grace`.
    var stopGrace: Located<String>?

    /// Reads `applications.pools`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        timeout = map.string("timeout")
        startPort = map.int("start_port")
        defaultMemoryLimit = map.string("default_memory_limit")
        user = map.string("user")
        group = map.string("group")
        maxSize = map.int("max_size")
        stopGrace = map.string("stop_grace")
        map.finish()
    }
}

/// `applications.framework` as written (D3).
struct RawFramework {
    /// `command`.
    var command: Located<String>?
    /// `args`.
    var args: [Located<String>]?
    /// `app_directory`.
    var appDirectory: Located<String>?
    /// `port_env_var`.
    var portEnvVar: Located<String>?
    /// `start_delay`.
    var startDelay: Located<String>?

    /// Reads `applications.framework`.
    init(_ map: ConfigMap) {
        command = map.string("command")
        args = map.stringList("args", .arguments)
        appDirectory = map.string("app_directory")
        portEnvVar = map.string("port_env_var")
        startDelay = map.string("start_delay")
        map.finish()
    }
}
