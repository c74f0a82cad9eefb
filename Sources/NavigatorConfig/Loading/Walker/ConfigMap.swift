/// A YAML mapping being read key by key. Keys the walker never asks for are reported as unknown by `finish()`.
final class ConfigMap {
    /// The mapping node itself.
    let owner: ConfigNode
    /// Entries in file order (merge keys `<<` already applied; explicit keys win over merged ones).
    private let entries: [(key: String, keyMark: YAMLMark, value: YAMLNode)]
    /// Keys the walker has asked for.
    private var consumed: Set<String> = []

    /// Wraps `mapping`, which is the value of `owner`.
    init(mapping: [YAMLPair], at owner: ConfigNode) {
        self.owner = owner
        var seen = Set<String>()
        var entries: [(String, YAMLMark, YAMLNode)] = []
        for pair in mapping where pair.name != "<<" {
            seen.insert(pair.name)
            entries.append((pair.name, pair.key.mark, pair.value))
        }
        for (name, value) in ConfigMap.mergedPairs(mapping) where !seen.contains(name) {
            seen.insert(name)
            entries.append((name, value.mark, value))
        }
        self.entries = entries
    }

    /// Pairs brought in by YAML merge keys (`<<: *defaults` or `<<: [*a, *b]`), which yaml.v3 supports.
    private static func mergedPairs(_ mapping: [YAMLPair]) -> [(String, YAMLNode)] {
        var result: [(String, YAMLNode)] = []
        for pair in mapping where pair.name == "<<" {
            let sources = if case .sequence(let items) = pair.value.content { items } else { [pair.value] }
            for source in sources {
                if case .mapping(let pairs) = source.content { result += flatten(pairs) }
            }
        }
        return result
    }

    /// A mapping's pairs with merge keys applied, as (name, value).
    static func flatten(_ mapping: [YAMLPair]) -> [(String, YAMLNode)] {
        var seen = Set<String>()
        var result: [(String, YAMLNode)] = []
        for pair in mapping where pair.name != "<<" {
            seen.insert(pair.name)
            result.append((pair.name, pair.value))
        }
        for (name, value) in mergedPairs(mapping) where !seen.contains(name) {
            seen.insert(name)
            result.append((name, value))
        }
        return result
    }

    /// The load this map belongs to.
    var context: LoadContext { owner.context }

    /// The value of `key`, or `nil` when absent; marks the key as known.
    func value(_ key: String) -> ConfigNode? {
        consumed.insert(key)
        let cataloguePath = owner.cataloguePath.isEmpty ? key : "\(owner.cataloguePath).\(key)"
        context.noteRead(cataloguePath)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        let keyPath = owner.keyPath.isEmpty ? key : "\(owner.keyPath).\(key)"
        return ConfigNode(node: entry.value, keyPath: keyPath, cataloguePath: cataloguePath, context: context)
    }

    /// Whether `key` is written in the file (without marking it as read).
    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// Marks a key Navigator accepts but that has no effect, so it loads silently.
    func ignore(_ key: String) { _ = value(key) }

    /// `key` as a mapping.
    func map(_ key: String) -> ConfigMap? { value(key)?.mapping() }
    /// `key` as a sequence.
    func list(_ key: String) -> [ConfigNode]? { value(key)?.sequence() }
    /// `key` as a string.
    func string(_ key: String, _ expansion: ExpansionMode = .standard) -> Located<String>? {
        value(key)?.string(expansion)
    }
    /// `key` as a boolean.
    func bool(_ key: String) -> Located<Bool>? { value(key)?.bool() }
    /// `key` as an integer.
    func int(_ key: String) -> Located<Int>? { value(key)?.int() }
    /// `key` as a list of strings.
    func stringList(_ key: String, _ expansion: ExpansionMode = .standard) -> [Located<String>]? {
        value(key)?.stringList(expansion)
    }
    /// `key` as a mapping of names to strings.
    func stringMap(_ key: String, _ expansion: ExpansionMode = .standard) -> [(name: String, value: Located<String>)]? {
        value(key)?.stringMap(expansion)
    }

    /// Reports every key that was never asked for as a warning naming the closest known key.
    func finish() {
        for entry in entries where !consumed.contains(entry.key) {
            let keyPath = owner.keyPath.isEmpty ? entry.key : "\(owner.keyPath).\(entry.key)"
            let known = KeyCatalogue.childNames(of: owner.cataloguePath)
            context.warning(context.location(entry.keyMark), keyPath,
                            KeySuggester.unknownKeyMessage(entry.key, known: known))
        }
    }
}
