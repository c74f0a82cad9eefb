/// `routes:` as written.
struct RawRoutes {
    /// `redirects`.
    var redirects: [RawRewrite] = []
    /// `rewrites`.
    var rewrites: [RawRewrite] = []
    /// `reverse_proxies`.
    var reverseProxies: [RawReverseProxy] = []
    /// `fly.replay`.
    var flyReplay: [RawFlyReplay] = []

    /// Reads `routes:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        redirects = (map.list("redirects") ?? []).compactMap { $0.mapping().map { RawRewrite($0, redirectForm: true) } }
        rewrites = (map.list("rewrites") ?? []).compactMap { $0.mapping().map { RawRewrite($0, redirectForm: false) } }
        reverseProxies = (map.list("reverse_proxies") ?? []).compactMap { $0.mapping().map(RawReverseProxy.init) }
        if let fly = map.map("fly") {
            flyReplay = (fly.list("replay") ?? []).compactMap { $0.mapping().map(RawFlyReplay.init) }
            fly.ignore("sticky_sessions")
            fly.finish()
        }
        map.finish()
    }
}

/// One `routes.redirects[]` or `routes.rewrites[]` entry as written.
struct RawRewrite {
    /// The entry.
    var site: Site
    /// `from`.
    var from: Located<String>?
    /// `to`.
    var to: Located<String>?
    /// `pattern` (rewrites only).
    var pattern: Located<String>?
    /// `replacement` (rewrites only).
    var replacement: Located<String>?
    /// `redirect` (rewrites only).
    var redirect: Located<Bool>?
    /// `status` (rewrites only).
    var status: Located<Int>?

    /// Reads one entry; redirects take only `{from, to}`.
    init(_ map: ConfigMap, redirectForm: Bool) {
        site = map.site
        // Regexes and Go replacement templates use `${…}` themselves, so undefined names stay literal there.
        from = map.string("from", .keepUndefined)
        to = map.string("to", .keepUndefined)
        if !redirectForm {
            pattern = map.string("pattern", .keepUndefined)
            replacement = map.string("replacement", .keepUndefined)
            redirect = map.bool("redirect")
            status = map.int("status")
        }
        map.finish()
    }
}

/// `routes.reverse_proxies[]` as written.
struct RawReverseProxy {
    /// The entry.
    var site: Site
    /// `name`.
    var name: Located<String>?
    /// `path`.
    var path: Located<String>?
    /// `prefix`.
    var prefix: Located<String>?
    /// `target`.
    var target: Located<String>?
    /// `strip_path`.
    var stripPath: Located<Bool>?
    /// `headers`.
    var headers: [(name: String, value: Located<String>)]
    /// `response_headers`.
    var responseHeaders: [(name: String, value: Located<String>)]
    /// `websocket`.
    var websocket: Located<Bool>?
    /// `connect_timeout`.
    var connectTimeout: Located<String>?
    /// `read_timeout`.
    var readTimeout: Located<String>?

    /// Reads one reverse proxy.
    init(_ map: ConfigMap) {
        site = map.site
        name = map.string("name")
        path = map.string("path", .keepUndefined)
        prefix = map.string("prefix")
        target = map.string("target", .keepUndefined)
        stripPath = map.bool("strip_path")
        headers = map.stringMap("headers") ?? []
        responseHeaders = map.stringMap("response_headers") ?? []
        websocket = map.bool("websocket")
        connectTimeout = map.string("connect_timeout")
        readTimeout = map.string("read_timeout")
        map.finish()
    }
}

/// `routes.fly.replay[]` as written.
struct RawFlyReplay {
    /// The entry.
    var site: Site
    /// `path`.
    var path: Located<String>?
    /// `app`.
    var app: Located<String>?
    /// `region`.
    var region: Located<String>?
    /// `machine`.
    var machine: Located<String>?
    /// `status`.
    var status: Located<Int>?
    /// `methods`.
    var methods: [Located<String>]

    /// Reads one replay rule.
    init(_ map: ConfigMap) {
        site = map.site
        path = map.string("path", .keepUndefined)
        app = map.string("app")
        region = map.string("region")
        machine = map.string("machine")
        status = map.int("status")
        methods = map.stringList("methods") ?? []
        map.finish()
    }
}
