extension RenderBuffer {
    /// `server:`.
    mutating func server(_ server: ServerSettings) {
        line("listen", (server.listen.host.map { "\($0) " } ?? "* ") + "port \(server.listen.port)")
        line("hostname", server.hostname)
        line("root_path", server.rootPath)
        line("trust_proxy", server.trustProxy)
        section("static") { out in
            let files = server.staticFiles
            out.path("public_dir", files.publicDir)
            out.line("allowed_extensions", files.allowedExtensions)
            out.line("try_files", files.tryFiles)
            out.line("normalize_trailing_slashes", files.normalizeTrailingSlashes)
            out.line("cache_default", files.cacheControl.defaultMaxAge)
            out.line("cache_default_immutable", files.cacheControl.defaultImmutable)
            out.list("cache_overrides", files.cacheControl.overrides) { out, override in
                out.line("path", override.path)
                out.line("max_age", override.maxAge)
                out.line("immutable", override.immutable)
            }
        }
        line("idle", server.idle.map { "\($0.action.rawValue) after \(Self.format($0.timeout))" })
        if let health = server.healthCheck {
            section("health_check") { out in
                out.line("path", health.path)
                if let response = health.response {
                    out.line("status", response.status)
                    out.line("body", response.body)
                    out.pairs("headers", response.headers.map { ($0.name, $0.value) })
                } else {
                    out.line("response", "proxy to tenant")
                }
            }
        } else {
            line("health_check", nil as String?)
        }
        list("cgi_scripts", server.cgiScripts) { out, cgi in
            out.line("path", cgi.path)
            out.path("script", cgi.script)
            out.line("method", cgi.method)
            out.line("user", cgi.user)
            out.line("group", cgi.group)
            out.line("allowed_users", cgi.allowedUsers)
            out.pairs("env", cgi.env.map { ($0.name, $0.value) })
            out.path("reload_config", cgi.reloadConfig)
            out.line("timeout", cgi.timeout)
        }
        line("bot_detection", Self.bot(server.botDetection))
        line("disable_compression", server.disableCompression)
        section("limits") { out in
            out.line("header_timeout", server.limits.headerTimeout)
            out.line("idle_timeout", server.limits.idleTimeout)
            out.line("max_header_size", server.limits.maxHeaderSize)
            out.line("max_body_size", server.limits.maxBodySize)
        }
    }

    /// `auth:`.
    mutating func auth(_ auth: AuthSettings) {
        line("enforced", auth.enforced)
        line("realm", auth.realm)
        path("htpasswd", auth.htpasswdPath)
        line("public_paths", auth.publicPaths)
        list("auth_patterns", auth.authPatterns) { out, pattern in
            out.line("pattern", pattern.pattern.source)
            out.line("action", pattern.action)
        }
    }

    /// `routes:`.
    mutating func routes(_ routes: RouteSettings) {
        list("rules", routes.rules) { out, rule in
            switch rule.kind {
            case .redirect(let status): out.line("redirect", status)
            case .rewrite: out.line("rewrite", "internal")
            }
            out.line("pattern", rule.pattern.source)
            out.line("replacement", rule.replacement)
        }
        list("reverse_proxies", routes.reverseProxies) { out, proxy in
            out.line("name", proxy.name)
            switch proxy.match {
            case .pattern(let pattern): out.line("path", pattern.source)
            case .prefix(let prefix): out.line("prefix", prefix)
            }
            out.line("target", proxy.target)
            out.line("strip_path", proxy.stripPath)
            out.pairs("headers", proxy.headers.map { ($0.name, $0.value) })
            out.pairs("response_headers", proxy.responseHeaders.map { ($0.name, $0.value) })
            out.line("websocket", proxy.websocket)
            out.line("connect_timeout", proxy.connectTimeout)
            out.line("read_timeout", proxy.readTimeout)
        }
        list("fly_replay", routes.flyReplay) { out, rule in
            out.line("path", rule.pattern.source)
            switch rule.target {
            case .app(let app): out.line("app", app)
            case .region(let region): out.line("region", region)
            case .machine(let id, let app): out.line("machine", id + (app.map { " (app \($0))" } ?? ""))
            }
            out.line("status", rule.status)
            out.line("methods", rule.methods)
        }
    }

    /// `bot_detection` on one line.
    static func bot(_ settings: BotDetectionSettings?) -> String? {
        settings.map { $0.enabled ? "on, \($0.action.rawValue)" : "off" }
    }
}
