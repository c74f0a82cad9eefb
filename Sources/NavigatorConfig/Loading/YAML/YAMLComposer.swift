/// Builds the node tree of the first document from libyaml's events: resolves aliases, rejects duplicate keys, and
/// bounds what a small text can make the loader hold.
///
/// The bounds: an alias adds a copy of its anchor's whole subtree to the document as the walker sees it, so nested
/// aliases multiply (ten anchors of ten aliases each make 10¹⁰ nodes from a few hundred bytes, the "billion laughs").
/// The composer counts the nodes of the document with every alias expanded and stops at `maximumNodes`; every later
/// pass (the walker, the `var` formatter) is then bounded by that count. Nesting is bounded by `maximumDepth`, since
/// those passes recurse.
struct YAMLComposer {
    /// The most nodes the first document may have with aliases expanded. A generated 200-tenant configuration has
    /// about 4,000; a million leaves room for 50,000 such tenants and keeps a walk of the tree well under a second.
    static let defaultMaximumNodes = 1_000_000
    /// The deepest nesting accepted. Navigator's deepest key is six levels down.
    static let defaultMaximumDepth = 512

    /// The event source.
    private let reader: LibYAMLEventReader
    /// The node bound.
    private let maximumNodes: Int
    /// The nesting bound.
    private let maximumDepth: Int
    /// Anchored nodes with their expanded sizes; a later anchor of the same name shadows an earlier one.
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    /// Nodes of the document so far, aliases expanded.
    private var expandedNodes = 0

    /// A composer over `reader`'s events.
    init(reader: LibYAMLEventReader, maximumNodes: Int = defaultMaximumNodes,
         maximumDepth: Int = defaultMaximumDepth) {
        self.reader = reader
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
    }

    /// The first document's root, or `nil` for a stream with no document (an empty or comments-only text). Later
    /// documents are not read, as yaml.v3's `Unmarshal` ignores them.
    mutating func firstRoot() throws(YAMLSyntaxError) -> YAMLNode? {
        guard case .streamStart = try reader.next() else { return nil }
        guard case .documentStart = try reader.next() else { return nil }
        let (root, _) = try node(from: reader.next(), depth: 0)
        _ = try reader.next()  // documentEnd
        return root
    }

    /// The node that starts with `event`, with its expanded size.
    private mutating func node(from event: YAMLEvent, depth: Int) throws(YAMLSyntaxError) -> (YAMLNode, Int) {
        switch event {
        case .alias(let name, let mark):
            guard let anchored = anchors[name] else {
                throw YAMLSyntaxError(kind: .syntax, mark: mark, problem: "found undefined alias `*\(name)`")
            }
            try count(anchored.size, at: mark)
            return (anchored.node, anchored.size)
        case .scalar(let scalar, let anchor, let mark):
            try count(1, at: mark)
            return anchoring(YAMLNode(content: .scalar(scalar), mark: mark), size: 1, anchor)
        case .sequenceStart(let anchor, let mark):
            try count(1, at: mark)
            try checkDepth(depth, at: mark)
            var items: [YAMLNode] = []
            var size = 1
            while true {
                let next = try reader.next()
                if case .sequenceEnd = next { break }
                let (item, itemSize) = try node(from: next, depth: depth + 1)
                items.append(item)
                size += itemSize
            }
            return anchoring(YAMLNode(content: .sequence(items), mark: mark), size: size, anchor)
        case .mappingStart(let anchor, let mark):
            try count(1, at: mark)
            try checkDepth(depth, at: mark)
            var pairs: [YAMLPair] = []
            var size = 1
            while true {
                let next = try reader.next()
                if case .mappingEnd = next { break }
                let (key, keySize) = try node(from: next, depth: depth + 1)
                let (value, valueSize) = try node(from: reader.next(), depth: depth + 1)
                pairs.append(YAMLPair(key: key, value: value))
                size += keySize + valueSize
            }
            try Self.rejectDuplicateKeys(pairs)
            return anchoring(YAMLNode(content: .mapping(pairs), mark: mark), size: size, anchor)
        case .streamStart, .streamEnd, .documentStart, .documentEnd, .sequenceEnd, .mappingEnd:
            // libyaml's parser only emits these where the grammar allows them, never where a node is expected.
            preconditionFailure("libyaml emitted \(event) where a node was expected")
        }
    }

    /// Registers `node` under `anchor` (once the node is complete, so an alias cannot refer to its own ancestor).
    private mutating func anchoring(_ node: YAMLNode, size: Int, _ anchor: String?) -> (YAMLNode, Int) {
        if let anchor { anchors[anchor] = (node, size) }
        return (node, size)
    }

    /// Adds `nodes` to the expanded count; past the bound, the error names the alias or node that crossed it.
    private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(YAMLSyntaxError) {
        expandedNodes += nodes
        guard expandedNodes > maximumNodes else { return }
        throw YAMLSyntaxError(kind: .limit, mark: mark, problem: "the document has more than \(maximumNodes) nodes "
            + "with its aliases expanded (aliases that refer to other aliases multiply; this is how a small file "
            + "is made to exhaust memory)")
    }

    /// Rejects a collection nested deeper than the bound.
    private func checkDepth(_ depth: Int, at mark: YAMLMark) throws(YAMLSyntaxError) {
        guard depth >= maximumDepth else { return }
        throw YAMLSyntaxError(kind: .limit, mark: mark,
                              problem: "collections are nested more than \(maximumDepth) levels deep")
    }

    /// Rejects a mapping in which a scalar key appears twice, at the first occurrence of the first such key by name.
    private static func rejectDuplicateKeys(_ pairs: [YAMLPair]) throws(YAMLSyntaxError) {
        var firstMarks: [String: YAMLMark] = [:]
        var repeated: Set<String> = []
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            if firstMarks[key] == nil { firstMarks[key] = pair.key.mark } else { repeated.insert(key) }
        }
        guard let first = repeated.min(), let mark = firstMarks[first] else { return }
        throw YAMLSyntaxError(kind: .duplicateKeys(repeated.sorted()), mark: mark, problem: "duplicate keys")
    }
}
