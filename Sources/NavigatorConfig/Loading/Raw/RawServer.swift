/// `server.listen` as written: an integer or a string.
enum RawListen {
    /// `listen: 3000`.
    case port(Int)
    /// `listen: "127.0.0.1:3000"` and other strings.
    case text(String)

    /// The `key` of `map` as an integer port or a string; `nil` when absent or null.
    static func read(_ map: ConfigMap, _ key: String) -> Located<RawListen>? {
        guard let node = map.value(key), !node.isNull else { return nil }
        if let scalar = node.scalarText(), scalar.plain, let port = ScalarGrammar.int(scalar.text) {
            return Located(value: .port(port), location: node.location, keyPath: node.keyPath)
        }
        return node.string().map { Located(value: .text($0.value), location: $0.location, keyPath: $0.keyPath) }
    }
}

/// `server:` as written.
struct RawServer {
    /// `listen`.
    var listen: Located<RawListen>?
    /// `hostname`.
    var hostname: Located<String>?
    /// `root_path`.
    var rootPath: Located<String>?
    /// `trust_proxy`.
    var trustProxy: Located<Bool>?
    /// `static`.
    var staticFiles = RawStatic()
    /// `idle`.
    var idle: RawIdle?
    /// `health_check`.
    var healthCheck: RawHealthCheck?
    /// `cgi_scripts`.
    var cgiScripts: [RawCGIScript] = []
    /// `bot_detection`.
    var botDetection: RawBotDetection?
    /// `disable_compression`.
    var disableCompression: Located<Bool>?
    /// `limits`.
    var limits = RawLimits()

    /// Reads `server:`.
    init(_ map: ConfigMap?) {
        guard let map else { return }
        listen = RawListen.read(map, "listen")
        hostname = map.string("hostname")
        rootPath = map.string("root_path")
        trustProxy = map.bool("trust_proxy")
        staticFiles = RawStatic(map.map("static"))
        idle = map.map("idle").map(RawIdle.init)
        healthCheck = map.map("health_check").map(RawHealthCheck.init)
        cgiScripts = (map.list("cgi_scripts") ?? []).compactMap { $0.mapping().map(RawCGIScript.init) }
        botDetection = map.map("bot_detection").map(RawBotDetection.init)
        disableCompression = map.bool("disable_compression")
        limits = RawLimits(map.map("limits"))
        map.finish()
    }
}

/// `server.static` as written.
struct RawStatic {
    /// `public_dir`.
    var publicDir: Located<String>?
    /// `allowed_extensions`.
    var allowedExtensions: [Located<String>] = []
    /// `try_files`.
    var tryFiles: [Located<String>] = []
    /// `normalize_trailing_slashes`.
    var normalizeTrailingSlashes: Located<Bool>?
    /// `cache_control.default`.
    var cacheDefault: Located<String>?
    /// `cache_control.default_immutable`.
    var cacheDefaultImmutable: Located<Bool>?
    /// `cache_control.overrides`.
    var cacheOverrides: [RawCacheOverride] = []

    /// Reads `server.static`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        publicDir = map.string("public_dir")
        allowedExtensions = map.stringList("allowed_extensions") ?? []
        tryFiles = map.stringList("try_files") ?? []
        normalizeTrailingSlashes = map.bool("normalize_trailing_slashes")
        if let cache = map.map("cache_control") {
            cacheDefault = cache.string("default")
            cacheDefaultImmutable = cache.bool("default_immutable")
            cacheOverrides = (cache.list("overrides") ?? []).compactMap { $0.mapping().map(RawCacheOverride.init) }
            cache.finish()
        }
        map.finish()
    }
}

/// `server.static.cache_control.overrides[]` as written.
struct RawCacheOverride {
    /// The entry.
    var site: Site
    /// `path`.
    var path: Located<String>?
    /// `max_age`.
    var maxAge: Located<String>?
    /// `immutable`.
    var immutable: Located<Bool>?

    /// Reads one override.
    init(_ map: ConfigMap) {
        site = map.site
        path = map.string("path")
        maxAge = map.string("max_age")
        immutable = map.bool("immutable")
        map.finish()
    }
}

/// `server.idle` as written.
struct RawIdle {
    /// `action`.
    var action: Located<String>?
    /// `timeout`.
    var timeout: Located<String>?

    /// Reads `server.idle`.
    init(_ map: ConfigMap) {
        action = map.string("action")
        timeout = map.string("timeout")
        map.finish()
    }
}

/// `server.health_check` as written.
struct RawHealthCheck {
    /// `path`.
    var path: Located<String>?
    /// `response`, when the key is written.
    var response: RawSyntheticResponse?

    /// Reads `server.health_check`.
    init(_ map: ConfigMap) {
        path = map.string("path")
        response = map.map("response").map(RawSyntheticResponse.init)
        map.finish()
    }
}

/// `server.health_check.response` as written.
struct RawSyntheticResponse {
    /// `status`.
    var status: Located<Int>?
    /// `body`.
    var body: Located<String>?
    /// `headers`.
    var headers: [(name: String, value: Located<String>)] = []

    /// Reads the response.
    init(_ map: ConfigMap) {
        status = map.int("status")
        body = map.string("body")
        headers = map.stringMap("headers") ?? []
        map.finish()
    }
}

/// `server.bot_detection` (and a tenant's) as written.
struct RawBotDetection {
    /// The mapping.
    var site: Site
    /// `enabled`.
    var enabled: Located<Bool>?
    /// `action`.
    var action: Located<String>?

    /// Reads a bot-detection block.
    init(_ map: ConfigMap) {
        site = map.site
        enabled = map.bool("enabled")
        action = map.string("action")
        map.finish()
    }
}

/// `server.limits` as written.
struct RawLimits {
    /// `header_timeout`.
    var headerTimeout: Located<String>?
    /// `idle_timeout`.
    var idleTimeout: Located<String>?
    /// `max_header_size`.
    var maxHeaderSize: Located<String>?
    /// `max_body_size`.
    var maxBodySize: Located<String>?

    /// Reads `server.limits`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        headerTimeout = map.string("header_timeout")
        idleTimeout = map.string("idle_timeout")
        maxHeaderSize = map.string("max_header_size")
        maxBodySize = map.string("max_body_size")
        map.finish()
    }
}
