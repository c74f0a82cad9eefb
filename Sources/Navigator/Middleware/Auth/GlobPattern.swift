/// A shell glob with Go `path/filepath.Match` semantics: `*` matches any run of characters except `/`, `?` one
/// character except `/`, `[…]` a class (ranges `a-z`, negation with `^`), `\` escapes the next character.
/// A malformed pattern (unclosed class, trailing `\`) matches nothing, as Go's `ErrBadPattern` does in Navigator.
struct GlobPattern: Sendable, Equatable {
    /// The pattern's characters.
    private let pattern: [Character]

    /// Creates a glob.
    init(_ pattern: String) {
        self.pattern = Array(pattern)
    }

    /// Whether the whole of `text` matches.
    func matches(_ text: String) -> Bool {
        Self.match(pattern[...], Array(text)[...]) ?? false
    }

    /// `nil` = bad pattern.
    private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool? {
        var p = pattern.startIndex
        var t = text.startIndex
        while p < pattern.endIndex {
            let character = pattern[p]
            switch character {
            case "*":
                let rest = pattern[(p + 1)...]
                // Try every split point that does not cross a `/`.
                var end = t
                while true {
                    guard let result = match(rest, text[end...]) else { return nil }
                    if result { return true }
                    if end == text.endIndex || text[end] == "/" { return false }
                    end += 1
                }
            case "?":
                guard t < text.endIndex, text[t] != "/" else { return false }
                p += 1
                t += 1
            case "[":
                guard let (matched, next) = matchClass(pattern, from: p, character: t < text.endIndex ? text[t] : nil) else {
                    return nil
                }
                guard t < text.endIndex, matched else { return false }
                p = next
                t += 1
            case "\\":
                guard p + 1 < pattern.endIndex else { return nil }
                guard t < text.endIndex, text[t] == pattern[p + 1] else { return false }
                p += 2
                t += 1
            default:
                guard t < text.endIndex, text[t] == character else { return false }
                p += 1
                t += 1
            }
        }
        return t == text.endIndex
    }

    /// Matches a `[…]` class starting at `start`; returns whether `character` is in it and the index after `]`,
    /// or `nil` when the class is malformed.
    private static func matchClass(_ pattern: ArraySlice<Character>, from start: Int, character: Character?) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.endIndex, pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while true {
            guard index < pattern.endIndex else { return nil }
            if pattern[index] == "]", !first { break }
            first = false
            guard let low = literal(pattern, &index) else { return nil }
            var high = low
            if index < pattern.endIndex, pattern[index] == "-" {
                index += 1
                guard let upper = literal(pattern, &index) else { return nil }
                high = upper
            }
            if let character, character != "/", low <= character, character <= high { matched = true }
        }
        return (matched != negated && character != "/", index + 1)
    }

    /// One possibly escaped class character.
    private static func literal(_ pattern: ArraySlice<Character>, _ index: inout Int) -> Character? {
        guard index < pattern.endIndex else { return nil }
        var character = pattern[index]
        if character == "\\" {
            index += 1
            guard index < pattern.endIndex else { return nil }
            character = pattern[index]
        } else if character == "-" || character == "]" {
            return nil
        }
        index += 1
        return character
    }
}
