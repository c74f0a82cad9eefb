/// Reading the YAML text with the system libyaml, and turning its errors into diagnostics.
enum YAMLDocument {
    /// The first document's root node (`nil` for an empty or comments-only file); later documents are ignored,
    /// as yaml.v3's `Unmarshal` does.
    static func firstRoot(of text: String, maximumNodes: Int = YAMLComposer.defaultMaximumNodes)
        throws(YAMLSyntaxError) -> YAMLNode? {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLSyntaxError) -> YAMLNode? in
            var composer = YAMLComposer(reader: LibYAMLEventReader(bytes: buffer), maximumNodes: maximumNodes)
            return try composer.firstRoot()
        }
    }

    /// A diagnostic for a YAML error, at its mark, with the key path guessed from the text's indentation.
    static func diagnostic(for error: YAMLSyntaxError, file: String, text: String) -> ConfigDiagnostic {
        let message = switch error.kind {
        case .text: "invalid YAML text: \(error.problem)"
        case .syntax, .limit: "invalid YAML: \(error.problem)"
        case .duplicateKeys(let keys):
            "duplicate key \(keys.map { "`\($0)`" }.joined(separator: ", ")) in the same mapping "
                + "(each key may appear only once)"
        }
        return ConfigDiagnostic(location: SourceLocation(file: file, line: error.mark.line, column: error.mark.column),
                                keyPath: KeyPathGuesser.keyPath(line: error.mark.line, in: text), message: message)
    }
}
