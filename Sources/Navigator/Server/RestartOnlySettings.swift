import NavigatorConfig

/// Settings bound into the listening socket and its channel set-up when the server starts: a reload cannot change
/// them without dropping connections, so it keeps the running values and says so (docs/RELOAD.md).
struct RestartOnlySettings: Sendable {
    /// Key and rendered value of each setting, in catalogue order.
    let values: [(key: String, value: String)]

    /// The restart-only settings of `configuration`.
    init(_ configuration: NavigatorConfiguration) {
        let server = configuration.server
        values = [
            ("server.listen", "\(server.listen.host ?? ""):\(server.listen.port)"),
            ("server.limits.header_timeout", "\(server.limits.headerTimeout)"),
            ("server.limits.idle_timeout", "\(server.limits.idleTimeout)"),
            ("server.limits.max_header_size", "\(server.limits.maxHeaderSize)"),
            ("cable.max_message_size", "\(configuration.cable.maxMessageSize)"),
            // The operations listener is bound once, with its path and networks.
            ("metrics", configuration.metrics.listen.map { "\($0) \(configuration.metrics.statusPath) "
                + configuration.metrics.allow.map(\.description).joined(separator: ",") } ?? "off"),
        ]
    }

    /// `key (running → requested)` for each setting `requested` changes.
    func changes(to requested: RestartOnlySettings) -> [String] {
        zip(values, requested.values).compactMap { running, wanted in
            running.value == wanted.value ? nil : "\(running.key) (\(running.value) → \(wanted.value))"
        }
    }
}
