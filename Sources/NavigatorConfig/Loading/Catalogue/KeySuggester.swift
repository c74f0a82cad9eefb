/// Suggestions for misspelt keys, by Levenshtein distance.
enum KeySuggester {
    /// "unknown key `x`; did you mean `y`?" — or the list of known keys when none is close.
    static func unknownKeyMessage(_ key: String, known: [String]) -> String {
        guard !known.isEmpty else { return "unknown key `\(key)` (this mapping takes no keys); it is ignored" }
        let best = known.min { lhs, rhs in
            let l = distance(key, lhs), r = distance(key, rhs)
            return l != r ? l < r : lhs < rhs
        }!
        let limit = max(2, key.count / 2)
        if distance(key, best) <= limit {
            return "unknown key `\(key)` is ignored; did you mean `\(best)`?"
        }
        return "unknown key `\(key)` is ignored; the closest known key is `\(best)` (known here: "
            + known.joined(separator: ", ") + ")"
    }

    /// Edit distance (insertions, deletions, substitutions), case-insensitive.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
