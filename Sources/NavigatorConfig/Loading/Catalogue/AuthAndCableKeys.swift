/// Catalogue entries for `auth:` and `cable:`.
enum AuthAndCableKeys {
    /// `auth.*` and `cable.*`.
    static let entries: [KeyCatalogueEntry] = [
        .init("auth", "map", "{}", "htpasswd Basic authentication."),
        .init("auth.enabled", "bool", "false", "Turn authentication on (also needs `htpasswd`)."),
        .init("auth.realm", "string", "Restricted", "Realm of the Basic challenge; `off` disables auth."),
        .init("auth.htpasswd", "string", "\"\"",
              "htpasswd file (relative to the working directory); must be readable when auth is enforced."),
        .init("auth.public_paths", "[string]", "[]",
              "Paths exempt from auth: `*.css` suffix, `/assets/` prefix, glob or exact (only when enabled)."),
        .init("auth.auth_patterns[]", "[map]", "[]", "Regex exemptions (only when enabled)."),
        .init("auth.auth_patterns[].pattern", "regex", "required", "Unanchored regex over the original path."),
        .init("auth.auth_patterns[].action", "string", "\"\"", "`off` exempts matching paths; other values do nothing."),
        .init("cable", "map", "{}", "The built-in TurboCable WebSocket hub."),
        .init("cable.enabled", "bool", "true", "Serve `/cable` and `/_broadcast`."),
        .init("cable.path", "string", "/cable", "WebSocket endpoint (exact path)."),
        .init("cable.broadcast_path", "string", "/_broadcast", "Broadcast endpoint (exact path, loopback only)."),
        .init("cable.ping_interval", "duration", "30s", "How often each socket gets a JSON `{\"type\":\"ping\"}`."),
        .init("cable.pong_timeout", "duration", "60s", "A socket with no pong (JSON or frame) for this long is dropped."),
        .init("cable.write_timeout", "duration", "10s", "A socket whose pending writes make no progress for this long is dropped."),
        .init("cable.max_message_size", "size", "128KiB", "Largest inbound message; larger ones close the socket with 1009."),
        .init("cable.queue_messages", "int", "256", "Per-socket outbound queue bound (messages); beyond it broadcasts are dropped."),
        .init("cable.queue_bytes", "size", "1MiB", "Per-socket outbound queue bound (bytes); beyond it broadcasts are dropped."),
    ]
}
