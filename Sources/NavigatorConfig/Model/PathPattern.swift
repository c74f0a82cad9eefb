/// A compiled, unanchored regular expression from the config file (Go RE2 style, `(?P<name>…)` accepted).
///
/// Equality is by source text, so compiled snapshots can be compared in golden tests.
public struct PathPattern: @unchecked Sendable, Equatable, CustomStringConvertible {
    // Regex<AnyRegexOutput> is immutable after construction and safe to share; it is not declared Sendable.
    /// The pattern exactly as written in the file.
    public let source: String
    /// The compiled expression.
    public let regex: Regex<AnyRegexOutput>
    /// Capture group names by group number (index 0 is the whole match and has no name).
    public let groupNames: [String?]
    /// The text of a pattern that is `^` and literal characters only (`^/api`, or `^/v1\.0$` with `$`): matched by
    /// comparing strings, since running the regex engine cost microseconds per request for what is a comparison —
    /// once per tenant for the generated slash redirects.
    public let literal: Literal?

    /// A pattern's literal text, and whether it is anchored at the end too.
    public struct Literal: Sendable, Equatable {
        /// The characters to match, escapes resolved.
        public var text: String
        /// Whether the pattern ends in `$`: the whole path must be `text`, not just start with it.
        public var exact: Bool

        /// Whether `path` matches: equals `text` when exact, starts with it otherwise.
        func matches(_ path: String) -> Bool {
            exact ? path == text : path.hasPrefix(text)
        }
    }

    /// Compiles `source`; throws the regex engine's error when the pattern is invalid.
    public init(_ source: String) throws {
        let translated = source.replacing("(?P<", with: "(?<")
        let regex = try Regex(translated)
        self.source = source
        self.regex = regex
        var names: [String?] = []
        if let match = try? regex.firstMatch(in: "") {
            names = match.output.map { $0.name }
        } else {
            names = PathPattern.groupNames(in: translated)
        }
        self.groupNames = names
        self.literal = Self.literal(of: source)
    }

    /// Characters with a meaning in a pattern. Escaped with `\`, they stand for themselves, as do `/` and `-`.
    private static let metacharacters: Set<Character> = ["\\", ".", "^", "$", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "#"]

    /// The text after `^` when everything after it is a plain or escaped character, up to an optional final `$`;
    /// `nil` for any other pattern.
    static func literal(of source: String) -> Literal? {
        guard source.hasPrefix("^") else { return nil }
        var text = ""
        var exact = false
        var rest = source.dropFirst()
        while let character = rest.popFirst() {
            if character == "\\" {
                guard let escaped = rest.popFirst(), metacharacters.contains(escaped) || escaped == "/" || escaped == "-"
                else { return nil }
                text.append(escaped)
            } else if character == "$", rest.isEmpty {
                exact = true
            } else if metacharacters.contains(character) || character.isWhitespace {
                return nil
            } else {
                text.append(character)
            }
        }
        return text.isEmpty ? nil : Literal(text: text, exact: exact)
    }

    /// The first match in `path`, with its capture groups.
    public func firstMatch(in path: String) -> PatternMatch? {
        if let literal {
            guard literal.matches(path) else { return nil }
            let end = literal.exact ? path.endIndex : path.index(path.startIndex, offsetBy: literal.text.count)
            return PatternMatch(range: path.startIndex..<end, groups: [String(path[..<end])], named: [:])
        }
        guard let match = try? regex.firstMatch(in: path) else { return nil }
        var groups: [String?] = []
        var named: [String: String] = [:]
        for element in match.output {
            let text = element.substring.map(String.init)
            groups.append(text)
            if let name = element.name { named[name] = text ?? "" }
        }
        return PatternMatch(range: match.range, groups: groups, named: named)
    }

    /// Every non-overlapping match in `path`, in order.
    public func allMatches(in path: String) -> [PatternMatch] {
        // Anchored at the start, a literal matches once at most.
        if literal != nil { return firstMatch(in: path).map { [$0] } ?? [] }
        return path.matches(of: regex).map { match in
            var groups: [String?] = []
            var named: [String: String] = [:]
            for element in match.output {
                let text = element.substring.map(String.init)
                groups.append(text)
                if let name = element.name { named[name] = text ?? "" }
            }
            return PatternMatch(range: match.range, groups: groups, named: named)
        }
    }

    /// Whether the pattern matches anywhere in `path`.
    public func matches(_ path: String) -> Bool {
        if let literal { return literal.matches(path) }
        return (try? regex.firstMatch(in: path)) != nil
    }

    public var description: String { source }

    public static func == (lhs: PathPattern, rhs: PathPattern) -> Bool { lhs.source == rhs.source }

    /// Names of the capture groups in order, found by scanning the pattern text (used when the
    /// empty string does not match, so the engine cannot report them).
    static func groupNames(in pattern: String) -> [String?] {
        var names: [String?] = [nil]
        var chars = Array(pattern)
        var index = 0
        var inClass = false
        while index < chars.count {
            let c = chars[index]
            if c == "\\" { index += 2; continue }
            if inClass { if c == "]" { inClass = false }; index += 1; continue }
            if c == "[" { inClass = true; index += 1; continue }
            if c == "(" {
                if index + 1 < chars.count, chars[index + 1] == "?" {
                    if index + 2 < chars.count, chars[index + 2] == "<" || chars[index + 2] == "'",
                       index + 3 < chars.count, chars[index + 3] != "=", chars[index + 3] != "!" {
                        let close: Character = chars[index + 2] == "<" ? ">" : "'"
                        var end = index + 3
                        while end < chars.count, chars[end] != close { end += 1 }
                        names.append(String(chars[(index + 3)..<min(end, chars.count)]))
                    }
                } else {
                    names.append(nil)
                }
            }
            index += 1
        }
        chars.removeAll()
        return names
    }
}

/// One regex match: the matched range and its groups (index 0 = whole match; `nil` = group did not take part).
public struct PatternMatch: Sendable, Equatable {
    /// Range of the whole match in the searched string.
    public var range: Range<String.Index>
    /// Captured text by group number.
    public var groups: [String?]
    /// Captured text by group name.
    public var named: [String: String]
}
