/// Catalogue entries for `managed_processes:` and `hooks:`.
enum ProcessKeys {
    /// `managed_processes[].*` and `hooks.*`.
    static let entries: [KeyCatalogueEntry] = [
        .init("managed_processes[]", "[map]", "[]", "Long-running helper processes started with Navigator."),
        .init("managed_processes[].name", "string", "required", "Identity across reloads (unique)."),
        .init("managed_processes[].command", "string", "required", "Program to run (PATH lookup, no shell)."),
        .init("managed_processes[].args", "[string]", "[]", "Arguments."),
        .init("managed_processes[].working_dir", "string", "working directory", "Directory to run in."),
        .init("managed_processes[].env", "map", "{}", "Variables added to Navigator's environment."),
        .init("managed_processes[].auto_restart", "bool", "false", "Restart after abnormal exits (with backoff)."),
        .init("managed_processes[].start_delay", "duration", "none", "Wait this long before starting."),
        .init("hooks", "map", "{}", "Commands run at lifecycle events."),
        .init("hooks.server", "map", "{}", "Server lifecycle hooks."),
    ] + KeyCatalogue.hookList("hooks.server.start", "Before listening, and on every reload.")
        + KeyCatalogue.hookList("hooks.server.ready", "After listening and after each reload.")
        + KeyCatalogue.hookList("hooks.server.idle", "Before the machine idle action.")
        + KeyCatalogue.hookList("hooks.server.resume", "On the first request after an idle action.")
        + KeyCatalogue.hookList("hooks.server.stop", "During graceful shutdown (D3).")
        + [.init("hooks.tenant", "map", "{}", "Default hooks of every tenant.")]
        + KeyCatalogue.hookList("hooks.tenant.start", "After any tenant app is spawned.")
        + KeyCatalogue.hookList("hooks.tenant.stop", "Before any tenant app is stopped.")
}
