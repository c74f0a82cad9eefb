/// Reconstructs the key path of a line from block-style indentation. Used only for errors found before a
/// node tree exists (syntax errors, duplicate keys); flow-style (`{…}`) content yields the enclosing block key.
enum KeyPathGuesser {
    /// One line's shape.
    private struct Line {
        /// Column of the `-` when the line starts a sequence item.
        var dash: Int?
        /// Column where the key starts.
        var indent: Int
        /// The key, when the line is `key:` or `- key:`.
        var key: String?
    }

    /// The key path of the key written on `line` (1-based), e.g. `applications.tenants[1].path`.
    static func keyPath(line: Int, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(parse)
        guard line >= 1, line <= lines.count else { return "" }
        var index = line - 1
        while index >= 0, lines[index] == nil { index -= 1 }
        guard index >= 0, let start = lines[index] else { return "" }
        var components: [String] = start.key.map { [$0] } ?? []
        var current = start
        var currentIndex = index
        var cursor = index - 1
        while cursor >= 0 {
            defer { cursor -= 1 }
            guard let candidate = lines[cursor] else { continue }
            if let dash = current.dash {
                // `current` is a sequence item: skip its siblings until the key that owns the sequence.
                if candidate.dash == dash || candidate.indent > dash { continue }
                let siblings = (cursor + 1..<currentIndex).filter { lines[$0]?.dash == dash }.count
                components.insert("[\(siblings)]", at: 0)
            } else {
                if candidate.dash != nil, candidate.indent == current.indent {
                    // Same mapping, opened by a `- key:` line: continue from that item.
                    current = candidate
                    currentIndex = cursor
                    continue
                }
                if candidate.indent >= current.indent { continue }
            }
            guard let key = candidate.key else { break }
            components.insert(key, at: 0)
            current = candidate
            currentIndex = cursor
        }
        var path = ""
        for component in components {
            path += component.hasPrefix("[") || path.isEmpty ? component : "." + component
        }
        return path
    }

    /// Parses one line; `nil` for blank and comment lines.
    private static func parse(_ text: Substring) -> Line? {
        var column = 0
        var rest = text[...]
        while rest.first == " " { rest = rest.dropFirst(); column += 1 }
        if rest.isEmpty || rest.first == "#" { return nil }
        var dash: Int?
        if rest.hasPrefix("- ") || rest == "-" {
            dash = column
            rest = rest.dropFirst()
            column += 1
            while rest.first == " " { rest = rest.dropFirst(); column += 1 }
        }
        var key: String?
        if let colon = rest.firstIndex(of: ":"), rest.first != "{", rest.first != "[", rest.first != "\"" {
            let candidate = rest[..<colon]
            let after = rest[colon...].dropFirst()
            if !candidate.contains(" ") || candidate.allSatisfy({ $0 != "#" }), after.isEmpty || after.first == " " {
                key = String(candidate).trimmingBlanks
            }
        }
        return Line(dash: dash, indent: column, key: key)
    }
}
