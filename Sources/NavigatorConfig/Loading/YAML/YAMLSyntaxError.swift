/// Why a YAML text could not be read into a node tree, and where.
struct YAMLSyntaxError: Error, Equatable {
    /// What kind of problem it is, which decides the message's wording.
    enum Kind: Equatable {
        /// libyaml's reader rejected the bytes (e.g. a control character).
        case text
        /// libyaml's scanner or parser rejected the syntax, or the composer an alias.
        case syntax
        /// A key appears twice in one mapping; `keys` names every repeated key.
        case duplicateKeys([String])
        /// A nesting or alias-expansion bound was exceeded.
        case limit
    }

    /// What kind of problem it is.
    var kind: Kind
    /// Where the problem is.
    var mark: YAMLMark
    /// libyaml's problem text, with its context when it gives one, or our own for composer problems.
    var problem: String
}
