extension ConfigCompiler {
    /// `routes:` — redirects first, then rewrites, each in file order.
    func routes(_ raw: RawRoutes) -> RouteSettings {
        var routes = RouteSettings()
        routes.rules = raw.redirects.compactMap { redirect in
            regex(redirect.from, missing: redirect.site.child("from")).map {
                RouteRule(pattern: $0, replacement: redirect.to?.value ?? "", kind: .redirect(status: 302))
            }
        } + raw.rewrites.compactMap(rewrite)
        routes.reverseProxies = raw.reverseProxies.compactMap(reverseProxy)
        routes.flyReplay = raw.flyReplay.compactMap(flyReplay)
        return routes
    }

    /// One `routes.rewrites[]` entry: `{from, to}` or `{pattern, replacement, redirect, status}`.
    private func rewrite(_ raw: RawRewrite) -> RouteRule? {
        let usesPattern = raw.pattern != nil || raw.replacement != nil
        if usesPattern, let from = raw.from {
            error(from.site, "use either `from`/`to` or `pattern`/`replacement`, not both")
        }
        let source = usesPattern ? raw.pattern : raw.from
        let key = usesPattern ? "pattern" : "from"
        let redirect = raw.redirect?.value ?? false
        let status = status(raw.status, default: 302, in: 300...399)
        if !redirect, let written = raw.status {
            error(written.site, "`status` applies only with `redirect: true`")
        }
        guard let pattern = regex(source, missing: raw.site.child(key)) else { return nil }
        let replacement = (usesPattern ? raw.replacement : raw.to)?.value ?? ""
        return RouteRule(pattern: pattern, replacement: replacement, kind: redirect ? .redirect(status: status) : .rewrite)
    }

    /// One `routes.reverse_proxies[]` entry.
    private func reverseProxy(_ raw: RawReverseProxy) -> ReverseProxySpec? {
        let match: ReverseProxySpec.Match?
        if let path = raw.path, !path.value.isEmpty {
            match = regex(path, missing: raw.site.child("path")).map { .pattern($0) }
        } else if let prefix = raw.prefix, !prefix.value.isEmpty {
            match = .prefix(prefix.value)
        } else {
            error(raw.site, "a reverse proxy needs `path` (a regex) or `prefix`")
            match = nil
        }
        let target = required(raw.target, raw.site.child("target"), "`target` (an http:// or https:// URL)")
        if let target, let written = raw.target, !ReverseProxyTarget.isValid(target) {
            error(written.site, "expected an absolute http:// or https:// URL, found `\(target)`")
            return nil
        }
        let connectTimeout = duration(raw.connectTimeout).flatMap { $0 == .zero ? nil : $0 } ?? .seconds(30)
        let readTimeout = duration(raw.readTimeout).flatMap { $0 == .zero ? nil : $0 }
        guard let match, let target else { return nil }
        return ReverseProxySpec(
            name: raw.name?.value ?? "", match: match, target: target, stripPath: raw.stripPath?.value ?? false,
            headers: raw.headers.map { HeaderEntry($0.name, $0.value.value) },
            responseHeaders: raw.responseHeaders.map { HeaderEntry($0.name, $0.value.value) },
            websocket: raw.websocket?.value ?? false, connectTimeout: connectTimeout, readTimeout: readTimeout)
    }

    /// One `routes.fly.replay[]` rule; `machine` wins, then `app`, then `region`.
    private func flyReplay(_ raw: RawFlyReplay) -> FlyReplayRule? {
        let pattern = regex(raw.path, missing: raw.site.child("path"))
        let nonEmpty = { (value: Located<String>?) in value.flatMap { $0.value.isEmpty ? nil : $0.value } }
        let target: FlyReplayRule.Target
        if let machine = nonEmpty(raw.machine) {
            target = .machine(id: machine, app: nonEmpty(raw.app))
        } else if let app = nonEmpty(raw.app) {
            target = .app(app)
        } else if let region = nonEmpty(raw.region) {
            target = .region(region)
        } else {
            error(raw.site, "a Fly-Replay rule needs `app`, `region` or `machine`")
            return nil
        }
        guard let pattern else { return nil }
        return FlyReplayRule(pattern: pattern, target: target, status: status(raw.status, default: 307, in: 100...599),
                             methods: raw.methods.map { $0.value.uppercased() })
    }
}

/// Validation of `reverse_proxies[].target`.
enum ReverseProxyTarget {
    /// An absolute http(s) URL with a host (`$1`-style placeholders allowed in the path).
    static func isValid(_ target: String) -> Bool {
        let lower = target.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else { return false }
        let rest = target.dropFirst(scheme.count)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && !host.contains(" ")
    }
}
