/// Where a YAML node or problem starts: 1-based line and column (libyaml's marks are 0-based).
struct YAMLMark: Equatable {
    /// 1-based line.
    var line: Int
    /// 1-based column.
    var column: Int
}

/// A scalar as written: its text, whether it was written plain (no quotes, not a block scalar) and its explicit tag.
struct YAMLScalar {
    /// The text after YAML's unquoting and folding.
    var text: String
    /// Written without quotes and not as a `|`/`>` block, so it may be read as a bool, number or null.
    var isPlain: Bool
    /// The explicit tag, expanded (`!!str` is `tag:yaml.org,2002:str`); `nil` when none was written.
    var tag: String?

    /// The tag of an explicit `!!str`.
    static let stringTag = "tag:yaml.org,2002:str"

    /// Plain and not tagged `!!str`: the scalar may be a boolean or a number.
    var mayBeTyped: Bool { isPlain && tag != YAMLScalar.stringTag }
}

/// One node of a parsed document, aliases already replaced by the node they name.
struct YAMLNode {
    /// What the node holds.
    indirect enum Content {
        /// A scalar.
        case scalar(YAMLScalar)
        /// A sequence's items in order.
        case sequence([YAMLNode])
        /// A mapping's pairs in file order (duplicate keys already rejected).
        case mapping([YAMLPair])
    }

    /// What the node holds.
    var content: Content
    /// Where the node starts.
    var mark: YAMLMark

    /// The scalar, if the node is one.
    var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }
}

/// One key and value of a mapping.
struct YAMLPair {
    /// The key node (a scalar in every configuration Navigator reads).
    var key: YAMLNode
    /// The value node.
    var value: YAMLNode

    /// The key as a name: its text for a scalar key, a placeholder otherwise.
    var name: String {
        switch key.content {
        case .scalar(let scalar): scalar.text
        case .sequence: "<a sequence used as a key>"
        case .mapping: "<a mapping used as a key>"
        }
    }
}
