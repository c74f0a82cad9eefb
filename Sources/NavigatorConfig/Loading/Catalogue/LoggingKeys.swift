/// Catalogue entries for `logging:` and `maintenance:`.
enum LoggingKeys {
    /// `logging.*` and `maintenance.*`.
    static let entries: [KeyCatalogueEntry] = [
        .init("logging", "map", "{}", "Navigator's own log and child-process output."),
        .init("logging.format", "string", "text", "`text` or `json`."),
        .init("logging.file", "string", "—", "Child output also goes here; `{{app}}` = the source name."),
        .init("logging.vector", "map", "{}", "Ship logs to Vector."),
        .init("logging.vector.enabled", "bool", "false", "Turn Vector output on."),
        .init("logging.vector.socket", "string", "required when enabled", "Unix socket Vector listens on."),
        .init("logging.vector.config", "string", "—", "When set, `vector --config <config>` is started first."),
        .init("maintenance", "map", "{}", "Maintenance mode."),
        .init("maintenance.enabled", "bool", "false", "Answer 503 with the maintenance page."),
        .init("maintenance.page", "string", "<public_dir>/503.html",
              "`/x.html` = under public_dir; `x.html` = relative to the working directory."),
    ]
}
