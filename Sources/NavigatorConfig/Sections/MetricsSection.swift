/// `metrics:` — the operations listener: Prometheus metrics and the status page (docs/OPERATIONS.md). Its keys,
/// reader, model and compiler live here together.
enum MetricsKeys {
    /// `metrics.*`.
    static let entries: [KeyCatalogueEntry] = [
        .init("metrics", "map", "{}", "Prometheus metrics and the status page on their own listener (absent = off)."),
        .init("metrics.listen", "int or string", "— (off)", "Address of the operations listener, e.g. `127.0.0.1:9394`."),
        .init("metrics.status_path", "string", MetricsSettings.defaultStatusPath, "Status page path (`<path>.json` gives the same as JSON)."),
        .init("metrics.allow", "[string]", MetricsSettings.defaultAllow.joined(separator: ", "),
              "Client networks (CIDR or address) that may read it; others sign in as a site user (auth on) or get 403."),
    ]
}

/// `metrics:` as written.
struct RawMetrics {
    /// `listen`.
    var listen: Located<RawListen>?
    /// `status_path`.
    var statusPath: Located<String>?
    /// `allow`.
    var allow: [Located<String>]?

    /// Reads `metrics:`.
    init(_ map: ConfigMap? = nil) {
        guard let map else { return }
        listen = RawListen.read(map, "listen")
        statusPath = map.string("status_path")
        allow = map.stringList("allow")
        map.finish()
    }
}

/// `metrics:` compiled.
public struct MetricsSettings: Sendable, Equatable {
    /// The default status page path.
    public static let defaultStatusPath = "/status"
    /// Clients that need no credentials by default: loopback only.
    public static let defaultAllow = ["127.0.0.0/8", "::1/128"]

    /// Where the operations listener binds; `nil` = no listener (the default).
    public var listen: ListenAddress?
    /// The status page path (`/status`); `<path>.json` is its JSON.
    public var statusPath: String
    /// Client networks that may read the listener (others get 403).
    public var allow: [NetworkBlock]

    /// Off, with the defaults.
    public init(listen: ListenAddress? = nil, statusPath: String = MetricsSettings.defaultStatusPath,
                allow: [NetworkBlock] = MetricsSettings.defaultAllow.compactMap(NetworkBlock.init)) {
        self.listen = listen
        self.statusPath = statusPath
        self.allow = allow
    }
}

extension ConfigCompiler {
    /// `metrics:`.
    func metrics(_ raw: RawMetrics) -> MetricsSettings {
        var settings = MetricsSettings()
        if let listen = raw.listen { settings.listen = self.listen(listen) }
        if let path = raw.statusPath {
            if path.value.hasPrefix("/"), path.value.count > 1, !path.value.hasSuffix("/") {
                settings.statusPath = path.value
            } else {
                error(path.site, "expected a path such as `/status` (leading `/`, no trailing `/`), found `\(path.value)`")
            }
        }
        if let allow = raw.allow {
            settings.allow = allow.compactMap { text in
                guard let block = NetworkBlock(text.value) else {
                    error(text.site, "expected a network such as `10.0.0.0/8`, `::1/128` or an address, found `\(text.value)`")
                    return nil
                }
                return block
            }
        }
        return settings
    }
}

extension RenderBuffer {
    /// `metrics:`, shown only when the listener is on.
    mutating func metrics(_ settings: MetricsSettings) {
        guard let listen = settings.listen else { return }
        section("metrics") { out in
            out.line("listen", listen.description)
            out.line("status_path", settings.statusPath)
            out.line("allow", settings.allow.map(\.description))
        }
    }
}
