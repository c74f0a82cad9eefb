import NavigatorConfig

/// Where a reverse-proxy route sends a request (F11, §1a): matching, target parsing and upstream path computation,
/// kept free of I/O so every rule can be tested on its own.
///
/// Matching uses the decoded path (Go's `r.URL.Path`), so `%2e`, `%2F` and friends cannot slip past a rule; the
/// parts of the upstream path that come from the request (the path, a stripped remainder, `$n` captures) are
/// percent-encoded again as Go's `EscapedPath` does, while the target's own path is used as written.
enum ReverseProxyTarget {
    /// An absolute `http`/`https` target URL split into its parts.
    struct Parsed: Equatable {
        /// `http` or `https` (lower case).
        var scheme: String
        /// `host[:port]` as written.
        var authority: String
        /// The host without brackets or port.
        var host: String
        /// The explicit port, else the scheme's default.
        var port: Int
        /// The path (may be empty).
        var path: String
        /// The query without `?` (may be empty).
        var query: String

        /// A tenant app on this machine: `http://127.0.0.1:port` with the client's request target (path and query).
        static func local(port: Int, requestTarget: String) -> Parsed {
            let mark = requestTarget.firstIndex(of: "?")
            return Parsed(
                scheme: "http", authority: "127.0.0.1:\(port)", host: "127.0.0.1", port: port,
                path: String(requestTarget[..<(mark ?? requestTarget.endIndex)]),
                query: mark.map { String(requestTarget[requestTarget.index(after: $0)...]) } ?? "")
        }

        /// The request target sent upstream: the path (`/` when empty) and the query.
        var requestURI: String { (path.isEmpty ? "/" : path) + (query.isEmpty ? "" : "?" + query) }

        /// The whole URL.
        var url: String { "\(scheme)://\(authority)\(requestURI)" }
    }

    /// The capture groups when `spec` matches `path` (index 0 is the whole match); `nil` when it does not.
    /// A prefix route yields just the matched prefix.
    static func match(_ spec: ReverseProxySpec, path: String) -> [String?]? {
        switch spec.match {
        case .pattern(let pattern):
            return pattern.firstMatch(in: path)?.groups
        case .prefix(let prefix):
            return path.hasPrefix(prefix) ? [prefix] : nil
        }
    }

    /// `target` with `$1`…`$9` replaced by `groups` (a missing group becomes empty; other `$` stay literal).
    static func substitute(_ target: String, groups: [String?]) -> String {
        var result = ""
        var characters = target.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "$", let digit = pending, let index = digit.wholeNumberValue, (1...9).contains(index) {
                result += index < groups.count ? (groups[index] ?? "") : ""
                pending = characters.next()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Splits an absolute `http(s)://` URL; `nil` for anything else (the route then answers 502).
    static func parse(_ target: String) -> Parsed? {
        // Only `http` and `https` are allowed, so the scheme ends at the first `:`.
        guard let colon = target.utf8.firstIndex(of: UInt8(ascii: ":")),
            target.utf8[colon...].starts(with: "://".utf8)
        else { return nil }
        let scheme = target[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = target[target.utf8.index(colon, offsetBy: 3)...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        guard !authority.isEmpty else { return nil }
        let remainder = rest[authorityEnd...]
        let path: String
        var query = ""
        if let mark = remainder.firstIndex(of: "?") {
            path = String(remainder[..<mark])
            query = String(remainder[remainder.index(after: mark)...])
        } else {
            path = String(remainder)
        }
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        }
        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let explicit = Int(portText), (1...65535).contains(explicit) else { return nil }
            port = explicit
        }
        guard !host.isEmpty else { return nil }
        return Parsed(scheme: scheme, authority: authority, host: host, port: port, path: path, query: query)
    }

    /// Go's `singleJoiningSlash`: `a` and `b` joined with exactly one `/` between them.
    static func join(_ a: String, _ b: String) -> String {
        switch (a.hasSuffix("/"), b.hasPrefix("/")) {
        case (true, true): return a + b.dropFirst()
        case (false, false): return a + "/" + b
        default: return a + b
        }
    }

    /// The request path after `strip_path`: the prefix removed (a leading `/` ensured), or `/` + capture 1 for a
    /// regex route (no group → the path unchanged).
    static func stripped(_ spec: ReverseProxySpec, path: String, groups: [String?]) -> String {
        switch spec.match {
        case .prefix(let prefix):
            let rest = String(path.dropFirst(prefix.count))
            return rest.hasPrefix("/") ? rest : "/" + rest
        case .pattern:
            return groups.count > 1 ? "/" + (groups[1] ?? "") : path
        }
    }

    /// Captures of the decoded path, escaped for use in a URL.
    static func encoded(_ groups: [String?]) -> [String?] {
        groups.map { $0.map(URLPathEncoding.encode) }
    }

    /// `a` and `b` joined with `&`, skipping empty sides.
    static func joinQuery(_ a: String, _ b: String?) -> String {
        [a, b ?? ""].filter { !$0.isEmpty }.joined(separator: "&")
    }

    /// The upstream URL of a plain HTTP request (F11); `nil` when the (substituted) target is not a valid URL.
    static func httpURL(_ spec: ReverseProxySpec, path: String, query: String?, groups: [String?]) -> String? {
        httpTarget(spec, path: path, query: query, groups: groups)?.url
    }

    /// The route's target parsed ahead of requests: `nil` when it has `$n` captures to substitute first (or is
    /// not a valid URL, which every request then finds out for itself).
    static func fixed(_ spec: ReverseProxySpec) -> Parsed? {
        hasCaptures(spec) ? nil : parse(spec.target)
    }

    /// Whether the route's target has `$` substitutions.
    static func hasCaptures(_ spec: ReverseProxySpec) -> Bool {
        spec.target.utf8.contains(UInt8(ascii: "$"))
    }

    /// The upstream of a plain HTTP request (F11), split; `nil` when the (substituted) target is not a valid URL.
    /// `fixed` is the route's target as `fixed(_:)` parsed it, if the caller kept it.
    static func httpTarget(
        _ spec: ReverseProxySpec, path: String, query: String?, groups: [String?], fixed: Parsed? = nil
    ) -> Parsed? {
        // A target parsed ahead has no captures.
        let substituted = fixed == nil && hasCaptures(spec)
        guard var target = fixed ?? parse(substituted ? substitute(spec.target, groups: encoded(groups)) : spec.target)
        else { return nil }
        let upstreamPath: String
        if substituted {
            upstreamPath = target.path
        } else if spec.stripPath {
            upstreamPath = join(target.path, URLPathEncoding.encode(stripped(spec, path: path, groups: groups)))
        } else {
            upstreamPath = join(target.path, URLPathEncoding.encode(path))
        }
        target.path = upstreamPath
        target.query = joinQuery(target.query, query)
        return target
    }

    /// The upstream of a WebSocket handshake (§1a) and its request URI: the substituted target path; with
    /// `strip_path` on a prefix route, the target path joined with the stripped path; otherwise the request path
    /// alone (the target path is dropped). `nil` when the target is not a valid URL.
    static func webSocket(
        _ spec: ReverseProxySpec, path: String, query: String?, groups: [String?]
    ) -> (target: Parsed, uri: String)? {
        let substituted = hasCaptures(spec)
        guard let target = parse(substituted ? substitute(spec.target, groups: encoded(groups)) : spec.target)
        else { return nil }
        var uri: String
        if substituted {
            uri = target.path
        } else if spec.stripPath, case .prefix = spec.match {
            uri = join(target.path, URLPathEncoding.encode(stripped(spec, path: path, groups: groups)))
        } else {
            uri = URLPathEncoding.encode(path)
        }
        if uri.isEmpty { uri = "/" }
        let fullQuery = joinQuery(target.query, query)
        return (target, uri + (fullQuery.isEmpty ? "" : "?" + fullQuery))
    }
}
