import Yams

/// Reading the YAML text with Yams, and turning libyaml's errors into diagnostics.
enum YAMLDocument {
    /// The first document's root node (`nil` for an empty or comments-only file); later documents are ignored,
    /// as yaml.v3's `Unmarshal` does.
    static func firstRoot(of text: String) throws -> Node? {
        try Parser(yaml: text, resolver: .basic, encoding: .utf8).nextRoot()
    }

    /// A diagnostic for an error thrown by Yams, at libyaml's mark.
    static func diagnostic(for error: any Error, file: String, text: String) -> ConfigDiagnostic {
        func at(_ line: Int, _ column: Int, _ message: String) -> ConfigDiagnostic {
            ConfigDiagnostic(location: SourceLocation(file: file, line: line, column: column),
                             keyPath: KeyPathGuesser.keyPath(line: line, in: text), message: message)
        }
        func detail(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        guard let yamlError = error as? YamlError else {
            return at(1, 1, "invalid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return at(mark.line, mark.column, "invalid YAML: \(detail(problem, context))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return at(context.mark.line, context.mark.column, "duplicate key \(keys) in the same mapping (each key may appear only once)")
        case .reader(let problem, let offset, _, _):
            let prefix = text.utf8.prefix(offset ?? 0)
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            return at(line, 1, "invalid YAML text: \(problem)")
        default:
            return at(1, 1, "invalid YAML: \(yamlError)")
        }
    }
}
