/// One key the loader understands.
public struct KeyCatalogueEntry: Sendable, Equatable {
    /// Whether the key does something.
    public enum Status: String, Sendable, Equatable {
        /// Read and honoured.
        case active
        /// Accepted for compatibility with Navigator configs; has no effect (and raises no warning).
        case ignored
    }
    /// Dotted path, `[]` for sequence items, e.g. `applications.tenants[].path`.
    public var path: String
    /// The YAML type expected, e.g. `string`, `bool`, `duration`, `[string]`, `map`, `[map]`.
    public var type: String
    /// The default when the key is absent, as documentation text ("—" when there is none).
    public var defaultValue: String
    /// One-line meaning.
    public var meaning: String
    /// Whether the key has an effect.
    public var status: Status

    /// Creates an entry.
    public init(_ path: String, _ type: String, _ defaultValue: String, _ meaning: String, status: Status = .active) {
        self.path = path
        self.type = type
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.status = status
    }

    /// The last component of the path (`path` for `applications.tenants[].path`).
    public var name: String {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        return last.hasSuffix("[]") ? String(last.dropLast(2)) : last
    }
}
