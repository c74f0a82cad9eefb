/// Every key the loader reads, with its type, default and meaning. `LoadContext.noteRead` asserts that the walker
/// reads only catalogued keys, and a test asserts that every catalogued key is read, so this list cannot drift; the
/// docs and `navigator.yml.sample` are checked against it too.
public enum KeyCatalogue {
    /// All entries, parents before children, in documentation order.
    public static let entries: [KeyCatalogueEntry] =
        ServerKeys.entries + AuthAndCableKeys.entries + RouteKeys.entries + ApplicationKeys.entries
        + ProcessKeys.entries + LoggingKeys.entries + MetricsKeys.entries

    /// Entries by path.
    private static let byPath: [String: KeyCatalogueEntry] = Dictionary(
        entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

    /// The entry for a catalogue path (`routes.redirects[].from`), if any.
    public static func entry(for path: String) -> KeyCatalogueEntry? { byPath[path] ?? byPath[path + "[]"] }

    /// Names of the keys directly below `parent` ("" = the top level; `routes.redirects[]` = a redirect entry).
    public static func childNames(of parent: String) -> [String] {
        entries.compactMap { entry in
            let prefix = parent.isEmpty ? "" : parent + "."
            guard entry.path.hasPrefix(prefix) else { return nil }
            var rest = entry.path.dropFirst(prefix.count)
            if rest.hasSuffix("[]") { rest = rest.dropLast(2) }
            return rest.contains(".") || rest.contains("[") ? nil : String(rest)
        }
    }

    /// The entries of one hook list (`hooks.server.start`, …): the list and the four keys of an entry.
    static func hookList(_ path: String, _ meaning: String) -> [KeyCatalogueEntry] {
        [
            .init(path + "[]", "[map]", "[]", meaning),
            .init(path + "[].command", "string", "required", "Program to run (PATH lookup, no shell)."),
            .init(path + "[].args", "[string]", "[]", "Arguments."),
            .init(path + "[].timeout", "duration", "none", "Kill the hook after this long (0 = no limit)."),
            .init(path + "[].reload_config", "string", "—",
                  "Config file to reload after the hook (server ready/resume hooks only)."),
        ]
    }
}
