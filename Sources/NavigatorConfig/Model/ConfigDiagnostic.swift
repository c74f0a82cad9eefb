/// A place in a config file: 1-based line and column.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file path as given to the loader ("<string>" when loaded from text).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A finding about a config file, fatal (`ConfigError`) or not (a warning).
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// Where it is.
    public var location: SourceLocation
    /// The key path, e.g. `applications.tenants[2].path`.
    public var keyPath: String
    /// What is wrong and what was expected.
    public var message: String

    /// Creates a diagnostic.
    public init(location: SourceLocation, keyPath: String, message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: key.path: message`.
    public var description: String {
        keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// A configuration that cannot be used. The description names file, line, column, key path and what was expected.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every fatal finding (at least one), in file order.
    public var diagnostics: [ConfigDiagnostic]

    /// Creates an error from findings.
    public init(_ diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Creates an error from one finding.
    public init(location: SourceLocation, keyPath: String, message: String) {
        self.diagnostics = [ConfigDiagnostic(location: location, keyPath: keyPath, message: message)]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
