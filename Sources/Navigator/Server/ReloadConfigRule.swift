import FoundationEssentials

/// F5's rule for a `reload_config` request from a hook or a CGI script: a different file that exists becomes the
/// config path and is loaded; the current file is reloaded only when it changed since the last successful load.
enum ReloadConfigRule {
    /// What a request asks for.
    enum Decision: Sendable, Equatable {
        /// Reload from `path`; `switched` when it differs from the current config path.
        case reload(path: String, switched: Bool)
        /// Nothing to do, with the reason (logged).
        case ignore(String)
    }

    /// Decides for `requested` against the `current` path and the time of the last successful load.
    static func decide(
        requested: String, current: String, lastLoad: Date,
        modificationDate: (String) -> Date? = Self.modificationDate
    ) -> Decision {
        guard !requested.isEmpty else { return .ignore("no reload_config path") }
        guard let modified = modificationDate(requested) else {
            return .ignore("reload_config file not found")
        }
        // Navigator compares the strings as written: another spelling of the same file counts as a switch.
        if requested != current { return .reload(path: requested, switched: true) }
        if modified > lastLoad { return .reload(path: requested, switched: false) }
        return .ignore("config file unchanged since the last load")
    }

    /// The file's modification time, or `nil` when it does not exist.
    static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
