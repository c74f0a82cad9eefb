import NavigatorConfig

/// `server.static.cache_control` resolved for one request path (F8).
struct CacheControlPolicy: Sendable {
    /// The configured settings.
    let settings: CacheControlSettings

    /// The `Cache-Control` value for `originalPath` (the URL path as it arrived, `root_path` included), or `nil`.
    ///
    /// The override with the longest matching `path` prefix wins even when its `max_age` is unset (then no header);
    /// without a matching override the default applies. Negative ages are sent as 0.
    func headerValue(forOriginalPath originalPath: String) -> String? {
        let best = settings.overrides
            .filter { originalPath.hasPrefix($0.path) }
            .max { $0.path.count < $1.path.count }
        let maxAge = best.map(\.maxAge) ?? settings.defaultMaxAge
        let immutable = best.map(\.immutable) ?? settings.defaultImmutable
        guard let maxAge else { return nil }
        let seconds = max(0, maxAge.components.seconds)
        return immutable ? "public, max-age=\(seconds), immutable" : "public, max-age=\(seconds)"
    }
}
