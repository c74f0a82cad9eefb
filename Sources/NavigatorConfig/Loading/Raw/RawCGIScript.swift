/// `server.cgi_scripts[]` as written.
struct RawCGIScript {
    /// The entry.
    var site: Site
    /// `path`.
    var path: Located<String>?
    /// `script`.
    var script: Located<String>?
    /// `method`.
    var method: Located<String>?
    /// `user`.
    var user: Located<String>?
    /// `group`.
    var group: Located<String>?
    /// `allowed_users`.
    var allowedUsers: [Located<String>]
    /// `env`.
    var env: [(name: String, value: Located<String>)]
    /// `reload_config`.
    var reloadConfig: Located<String>?
    /// `timeout`.
    var timeout: Located<String>?

    /// Reads one CGI entry.
    init(_ map: ConfigMap) {
        site = map.site
        path = map.string("path")
        script = map.string("script")
        method = map.string("method")
        user = map.string("user")
        group = map.string("group")
        allowedUsers = map.stringList("allowed_users") ?? []
        env = map.stringMap("env") ?? []
        reloadConfig = map.string("reload_config")
        timeout = map.string("timeout")
        map.finish()
    }
}
