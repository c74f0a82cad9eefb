/// The mutable state of one load: where the text came from, the environment used for `${VAR}` expansion, and the
/// findings collected so far. One instance lives for exactly one `ConfigLoader` call and is never shared.
final class LoadContext {
    /// The file name used in diagnostics.
    let file: String
    /// Variables for `${VAR}` expansion.
    let environment: [String: String]
    /// Directory that relative paths are resolved against.
    let workingDirectory: String
    /// Fatal findings, in the order they were found.
    private(set) var errors: [ConfigDiagnostic] = []
    /// Non-fatal findings, in the order they were found.
    private(set) var warnings: [ConfigDiagnostic] = []
    /// Catalogue paths (`applications.tenants[].path`) of every key the walker asked for.
    private(set) var readKeys: Set<String> = []

    /// Creates a context for one load.
    init(file: String, environment: [String: String], workingDirectory: String) {
        self.file = file
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The location of a node's mark in this file.
    func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Records a fatal finding.
    func error(_ location: SourceLocation, _ keyPath: String, _ message: String) {
        errors.append(ConfigDiagnostic(location: location, keyPath: keyPath, message: message))
    }

    /// Records a non-fatal finding.
    func warning(_ location: SourceLocation, _ keyPath: String, _ message: String) {
        warnings.append(ConfigDiagnostic(location: location, keyPath: keyPath, message: message))
    }

    /// Notes that the walker reads `cataloguePath`; reading a key the catalogue does not list is a programming error,
    /// which is how the catalogue is kept from drifting away from the walker.
    func noteRead(_ cataloguePath: String) {
        assert(KeyCatalogue.entry(for: cataloguePath) != nil, "walker reads \(cataloguePath), which is not catalogued")
        readKeys.insert(cataloguePath)
    }

    /// Errors sorted by position, so that a multi-error report reads top to bottom.
    var sortedErrors: [ConfigDiagnostic] {
        errors.enumerated().sorted { lhs, rhs in
            let l = lhs.element.location, r = rhs.element.location
            if l.line != r.line { return l.line < r.line }
            if l.column != r.column { return l.column < r.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
