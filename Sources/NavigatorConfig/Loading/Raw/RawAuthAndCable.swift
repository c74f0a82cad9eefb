/// `auth:` as written.
struct RawAuth {
    /// `enabled`.
    var enabled: Located<Bool>?
    /// `realm`.
    var realm: Located<String>?
    /// `htpasswd`.
    var htpasswd: Located<String>?
    /// `public_paths`.
    var publicPaths: [Located<String>] = []
    /// `auth_patterns`.
    var authPatterns: [RawAuthPattern] = []

    /// Reads `auth:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        enabled = map.bool("enabled")
        realm = map.string("realm")
        htpasswd = map.string("htpasswd")
        publicPaths = map.stringList("public_paths") ?? []
        authPatterns = (map.list("auth_patterns") ?? []).compactMap { $0.mapping().map(RawAuthPattern.init) }
        map.finish()
    }
}

/// `auth.auth_patterns[]` as written.
struct RawAuthPattern {
    /// The entry.
    var site: Site
    /// `pattern`.
    var pattern: Located<String>?
    /// `action`.
    var action: Located<String>?

    /// Reads one pattern.
    init(_ map: ConfigMap) {
        site = map.site
        pattern = map.string("pattern", .keepUndefined)
        action = map.string("action")
        map.finish()
    }
}

/// `cable:` as written.
struct RawCable {
    /// `enabled`.
    var enabled: Located<Bool>?
    /// `path`.
    var path: Located<String>?
    /// `broadcast_path`.
    var broadcastPath: Located<String>?
    /// `ping_interval`.
    var pingInterval: Located<String>?
    /// `pong_timeout`.
    var pongTimeout: Located<String>?
    /// `write_timeout`.
    var writeTimeout: Located<String>?
    /// `max_message_size`.
    var maxMessageSize: Located<String>?
    /// `queue_messages`.
    var queueMessages: Located<Int>?
    /// `queue_bytes`.
    var queueBytes: Located<String>?

    /// Reads `cable:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        enabled = map.bool("enabled")
        path = map.string("path")
        broadcastPath = map.string("broadcast_path")
        pingInterval = map.string("ping_interval")
        pongTimeout = map.string("pong_timeout")
        writeTimeout = map.string("write_timeout")
        maxMessageSize = map.string("max_message_size")
        queueMessages = map.int("queue_messages")
        queueBytes = map.string("queue_bytes")
        map.finish()
    }
}
