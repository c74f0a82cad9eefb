/// One hook entry as written.
struct RawHook {
    /// The entry.
    var site: Site
    /// `command`.
    var command: Located<String>?
    /// `args`.
    var args: [Located<String>]
    /// `timeout`.
    var timeout: Located<String>?
    /// `reload_config`.
    var reloadConfig: Located<String>?

    /// Reads one hook.
    init(_ map: ConfigMap) {
        site = map.site
        command = map.string("command")
        args = map.stringList("args") ?? []
        timeout = map.string("timeout")
        reloadConfig = map.string("reload_config")
        map.finish()
    }

    /// Reads the hook list under `key` of `map`.
    static func list(_ map: ConfigMap, _ key: String) -> [RawHook] {
        (map.list(key) ?? []).compactMap { $0.mapping().map(RawHook.init) }
    }
}

/// `hooks:` as written.
struct RawHooks {
    /// `server.start`.
    var serverStart: [RawHook] = []
    /// `server.ready`.
    var serverReady: [RawHook] = []
    /// `server.idle`.
    var serverIdle: [RawHook] = []
    /// `server.resume`.
    var serverResume: [RawHook] = []
    /// `server.stop`.
    var serverStop: [RawHook] = []
    /// `tenant.start`.
    var tenantStart: [RawHook] = []
    /// `tenant.stop`.
    var tenantStop: [RawHook] = []

    /// Reads `hooks:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        if let server = map.map("server") {
            serverStart = RawHook.list(server, "start")
            serverReady = RawHook.list(server, "ready")
            serverIdle = RawHook.list(server, "idle")
            serverResume = RawHook.list(server, "resume")
            serverStop = RawHook.list(server, "stop")
            server.finish()
        }
        if let tenant = map.map("tenant") {
            tenantStart = RawHook.list(tenant, "start")
            tenantStop = RawHook.list(tenant, "stop")
            tenant.finish()
        }
        map.finish()
    }
}

/// `managed_processes[]` as written.
struct RawManagedProcess {
    /// The entry.
    var site: Site
    /// `name`.
    var name: Located<String>?
    /// `command`.
    var command: Located<String>?
    /// `args`.
    var args: [Located<String>]
    /// `working_dir`.
    var workingDir: Located<String>?
    /// `env`.
    var env: [(name: String, value: Located<String>)]
    /// `auto_restart`.
    var autoRestart: Located<Bool>?
    /// `start_delay`.
    var startDelay: Located<String>?

    /// Reads one managed process.
    init(_ map: ConfigMap) {
        site = map.site
        name = map.string("name")
        command = map.string("command")
        args = map.stringList("args") ?? []
        workingDir = map.string("working_dir")
        env = map.stringMap("env") ?? []
        autoRestart = map.bool("auto_restart")
        startDelay = map.string("start_delay")
        map.finish()
    }
}

/// `logging:` as written.
struct RawLogging {
    /// `format`.
    var format: Located<String>?
    /// `file`.
    var file: Located<String>?
    /// `vector.enabled`.
    var vectorEnabled: Located<Bool>?
    /// `vector.socket`.
    var vectorSocket: Located<String>?
    /// `vector.config`.
    var vectorConfig: Located<String>?
    /// The `vector` mapping, for "missing socket" errors.
    var vectorSite: Site?

    /// Reads `logging:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        format = map.string("format")
        file = map.string("file")
        if let vector = map.map("vector") {
            vectorSite = vector.site
            vectorEnabled = vector.bool("enabled")
            vectorSocket = vector.string("socket")
            vectorConfig = vector.string("config")
            vector.finish()
        }
        map.finish()
    }
}

/// `maintenance:` as written.
struct RawMaintenance {
    /// `enabled`.
    var enabled: Located<Bool>?
    /// `page`.
    var page: Located<String>?

    /// Reads `maintenance:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        enabled = map.bool("enabled")
        page = map.string("page")
        map.finish()
    }
}
