/// `applications.tenants[]` as written.
struct RawTenant {
    /// The entry.
    var site: Site
    /// `path`.
    var path: Located<String>?
    /// `name`.
    var name: Located<String>?
    /// `root`.
    var root: Located<String>?
    /// `public_dir`.
    var publicDir: Located<String>?
    /// `env`.
    var env: [(name: String, value: Located<String>)]
    /// `var`, each value formatted as Go prints it.
    var vars: [(name: String, value: String)]
    /// `framework`.
    var framework: Located<String>?
    /// `runtime`.
    var runtime: Located<String>?
    /// `server`.
    var server: Located<String>?
    /// `args`.
    var args: [Located<String>]?
    /// `health_check`.
    var healthCheck: Located<String>?
    /// `track_websockets`.
    var trackWebsockets: Located<Bool>?
    /// `startup_timeout`.
    var startupTimeout: Located<String>?
    /// `memory_limit`.
    var memoryLimit: Located<String>?
    /// `user`.
    var user: Located<String>?
    /// `group`.
    var group: Located<String>?
    /// `bot_detection`.
    var botDetection: RawBotDetection?
    /// `hooks.start`.
    var startHooks: [RawHook] = []
    /// `hooks.stop`.
    var stopHooks: [RawHook] = []

    /// Reads one tenant.
    init(_ map: ConfigMap) {
        site = map.site
        path = map.string("path")
        name = map.string("name")
        root = map.string("root")
        publicDir = map.string("public_dir")
        env = map.stringMap("env") ?? []
        vars = map.value("var")?.goFormattedMap() ?? []
        framework = map.string("framework")
        runtime = map.string("runtime")
        server = map.string("server")
        args = map.stringList("args", .arguments)
        healthCheck = map.string("health_check")
        trackWebsockets = map.bool("track_websockets")
        startupTimeout = map.string("startup_timeout")
        memoryLimit = map.string("memory_limit")
        user = map.string("user")
        group = map.string("group")
        botDetection = map.map("bot_detection").map(RawBotDetection.init)
        if let hooks = map.map("hooks") {
            startHooks = RawHook.list(hooks, "start")
            stopHooks = RawHook.list(hooks, "stop")
            hooks.finish()
        }
        map.finish()
    }
}
