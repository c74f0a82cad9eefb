import FoundationEssentials

/// Loads `navigator.yml` into a validated `NavigatorConfiguration` (two stages: YAML → file-shaped values → model).
///
/// Every fatal problem is reported in one `ConfigError` naming file, line, column, key path and what was expected;
/// unknown keys become `configuration.warnings`.
public enum ConfigLoader {
    /// Loads the file at `path` (relative paths are resolved against `workingDirectory`).
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigError) -> NavigatorConfiguration {
        let absolute = PathResolver.resolve(path, against: workingDirectory)
        let top = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw ConfigError(location: top, keyPath: "", message: "configuration file `\(absolute)` does not exist")
        }
        guard !isDirectory else {
            throw ConfigError(location: top, keyPath: "", message: "configuration path `\(absolute)` is a directory")
        }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ConfigError(location: top, keyPath: "", message: "configuration file `\(absolute)` is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(location: top, keyPath: "", message: "configuration file `\(absolute)` is not UTF-8 text")
        }
        var configuration = try load(yaml: text, file: path, environment: environment,
                                     workingDirectory: workingDirectory)
        configuration.sourcePath = absolute
        return configuration
    }

    /// Loads configuration text; `file` is the name used in diagnostics.
    public static func load(
        yaml: String,
        file: String = "<string>",
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigError) -> NavigatorConfiguration {
        let result = run(yaml: yaml, file: file, environment: environment, workingDirectory: workingDirectory)
        guard result.errors.isEmpty, let configuration = result.configuration else {
            throw ConfigError(result.errors)
        }
        return configuration
    }

    /// The outcome of one load, with the keys the walker asked for (used by the catalogue tests).
    struct Result {
        /// The compiled snapshot, unless the YAML itself could not be read.
        var configuration: NavigatorConfiguration?
        /// Fatal findings, top to bottom.
        var errors: [ConfigDiagnostic]
        /// Catalogue paths the walker read.
        var readKeys: Set<String>
    }

    /// Runs both stages and collects every finding.
    static func run(yaml: String, file: String, environment: [String: String], workingDirectory: String) -> Result {
        let context = LoadContext(file: file, environment: environment,
                                  workingDirectory: PathResolver.resolve(workingDirectory, against: "/"))
        let root: YAMLNode?
        do {
            root = try YAMLDocument.firstRoot(of: yaml)
        } catch {
            let diagnostic = YAMLDocument.diagnostic(for: error, file: file, text: yaml)
            return Result(configuration: nil, errors: [diagnostic], readKeys: [])
        }
        let rootNode = root.map { ConfigNode(node: $0, keyPath: "", cataloguePath: "", context: context) }
        if let rootNode, !rootNode.isNull, case .mapping = rootNode.node.content {} else if let rootNode, !rootNode.isNull {
            context.error(rootNode.location, "", "expected a mapping of sections (server:, applications:, …) at the top level, found \(rootNode.kindDescription)")
        }
        let raw = RawConfig(rootNode?.mapping())
        var configuration = ConfigCompiler(context: context).compile(raw)
        configuration.warnings = context.warnings
        return Result(configuration: configuration, errors: context.sortedErrors, readKeys: context.readKeys)
    }
}
