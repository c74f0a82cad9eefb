/// One YAML node with its key path and the load it belongs to; the typed accessors record a diagnostic and return
/// `nil` when the node has the wrong shape, so one walk can report many errors.
struct ConfigNode {
    /// The parsed node.
    let node: YAMLNode
    /// Key path with indices, e.g. `routes.redirects[0].from`.
    let keyPath: String
    /// Key path with `[]` for indices, as listed in the key catalogue.
    let cataloguePath: String
    /// The load this node belongs to.
    let context: LoadContext

    /// Where the node starts.
    var location: SourceLocation { context.location(node.mark) }

    /// Whether the node is a YAML null (`~`, `null`, or nothing at all), which every reader treats as "unset".
    var isNull: Bool {
        guard let scalar = node.scalar, scalar.isPlain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.text)
    }

    /// A short name of the node's kind for "expected X, found Y" messages.
    var kindDescription: String {
        switch node.content {
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        case .scalar(let scalar): scalar.isPlain ? "`\(scalar.text)`" : "the string \"\(scalar.text)\""
        }
    }

    /// Records "expected …, found …" for this node.
    func typeError(expected: String) {
        context.error(location, keyPath, "expected \(expected), found \(kindDescription)")
    }

    /// The node as a mapping; `nil` (and a diagnostic unless null) otherwise.
    func mapping() -> ConfigMap? {
        if case .mapping(let mapping) = node.content { return ConfigMap(mapping: mapping, at: self) }
        if !isNull { typeError(expected: "a mapping") }
        return nil
    }

    /// The items of a sequence; `nil` (and a diagnostic unless null) otherwise.
    func sequence() -> [ConfigNode]? {
        guard case .sequence(let sequence) = node.content else {
            if !isNull { typeError(expected: "a sequence") }
            return nil
        }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, keyPath: "\(keyPath)[\(index)]", cataloguePath: cataloguePath + "[]", context: context)
        }
    }

    /// The scalar text after `${VAR}` expansion, with whether it was written plain (so may be a bool or a number).
    func scalarText(_ expansion: ExpansionMode = .standard) -> (text: String, plain: Bool)? {
        guard let scalar = node.scalar else { return nil }
        let text = EnvironmentExpander.expand(scalar.text, environment: context.environment, mode: expansion)
        return (text, scalar.mayBeTyped)
    }

    /// A string; YAML booleans and numbers are taken as their source text (yaml.v3). `nil` when null or not a scalar.
    func string(_ expansion: ExpansionMode = .standard) -> Located<String>? {
        if isNull { return nil }
        guard let scalar = scalarText(expansion) else {
            typeError(expected: "a string")
            return nil
        }
        return Located(value: scalar.text, location: location, keyPath: keyPath)
    }

    /// A boolean: plain `true/false/yes/no/on/off/y/n` in any case.
    func bool() -> Located<Bool>? {
        if isNull { return nil }
        guard let scalar = scalarText(), scalar.plain, let value = ScalarGrammar.bool(scalar.text) else {
            typeError(expected: "a boolean (true or false)")
            return nil
        }
        return Located(value: value, location: location, keyPath: keyPath)
    }

    /// An integer written as a plain number; a quoted number is an error, as in yaml.v3.
    func int() -> Located<Int>? {
        if isNull { return nil }
        guard let scalar = scalarText(), scalar.plain, let value = ScalarGrammar.int(scalar.text) else {
            typeError(expected: "an integer")
            return nil
        }
        return Located(value: value, location: location, keyPath: keyPath)
    }

    /// A list of strings; a single scalar is an error (yaml.v3 does not promote it).
    func stringList(_ expansion: ExpansionMode = .standard) -> [Located<String>]? {
        guard let items = sequence() else { return nil }
        return items.compactMap { $0.string(expansion) }
    }

    /// A mapping of names to strings, in file order.
    func stringMap(_ expansion: ExpansionMode = .standard) -> [(name: String, value: Located<String>)]? {
        guard case .mapping(let mapping) = node.content else {
            if !isNull { typeError(expected: "a mapping of names to strings") }
            return nil
        }
        return ConfigMap.flatten(mapping).compactMap { key, value in
            let child = ConfigNode(node: value, keyPath: "\(keyPath).\(key)", cataloguePath: cataloguePath + ".*",
                                   context: context)
            if child.isNull { return (key, Located(value: "", location: child.location, keyPath: child.keyPath)) }
            return child.string(expansion).map { (key, $0) }
        }
    }

    /// A mapping of names to any YAML values, each formatted as Go's `fmt.Sprint` would print the decoded value
    /// (`5`, `true`, `1.5`, `<nil>`): the rule Navigator applies to tenant `var` values.
    func goFormattedMap() -> [(name: String, value: String)]? {
        guard case .mapping(let mapping) = node.content else {
            if !isNull { typeError(expected: "a mapping of names to values") }
            return nil
        }
        return ConfigMap.flatten(mapping).map { key, value in
            (key, GoValueFormatter.format(value, environment: context.environment))
        }
    }
}

extension ConfigNode {
    /// The entries of a mapping whose keys are names chosen by the user (frameworks, variables), in file order.
    func namedChildren() -> [(name: String, node: ConfigNode)]? {
        guard case .mapping(let mapping) = node.content else {
            if !isNull { typeError(expected: "a mapping") }
            return nil
        }
        return ConfigMap.flatten(mapping).map { key, value in
            (key, ConfigNode(node: value, keyPath: "\(keyPath).\(key)", cataloguePath: cataloguePath + ".*",
                             context: context))
        }
    }
}
