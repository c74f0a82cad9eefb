import NavigatorConfig

/// A replacement string with Go `Regexp.Expand` semantics, parsed once when the pipeline is built.
///
/// `$1` and `${1}` insert a numbered group, `$name` and `${name}` a named one, `$$` a literal `$`. A reference
/// takes the longest run of letters, digits and `_` after the `$`, so `$1x` names the group `1x` (usually none,
/// hence empty). Digits with a leading zero (`$01`) or of 10+ digits are names, not numbers. A `$` not followed
/// by a valid reference (`$`, `$-`, `${1`) stays literal. Unknown groups and groups that did not take part
/// insert nothing.
struct ReplacementTemplate: Sendable, Equatable {
    /// One piece of the template.
    enum Segment: Sendable, Equatable {
        /// Copied as is.
        case literal(String)
        /// A group by number (0 = the whole match).
        case group(Int)
        /// A group by name.
        case named(String)
    }

    /// The parsed pieces, in order.
    let segments: [Segment]

    /// Parses `template`.
    init(_ template: String) {
        self.segments = Self.parse(Array(template.unicodeScalars))
    }

    /// A template that inserts `text` verbatim (for generated redirects, whose targets are paths, not templates).
    init(literal text: String) {
        self.segments = text.isEmpty ? [] : [.literal(text)]
    }

    /// The replacement for one match; `groupNames` are the pattern's group names by number.
    func expand(_ match: PatternMatch, groupNames: [String?]) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text):
                output += text
            case .group(let number):
                if number < match.groups.count, let text = match.groups[number] { output += text }
            case .named(let name):
                for (index, groupName) in groupNames.enumerated() where groupName == name {
                    if index < match.groups.count, let text = match.groups[index] {
                        output += text
                        break
                    }
                }
            }
        }
        return output
    }

    /// Go's `ReplaceAllString`: every match of `pattern` in `subject` replaced by this template.
    func replaceAll(in subject: String, pattern: PathPattern) -> String {
        replaceAll(in: subject, matches: pattern.allMatches(in: subject), groupNames: pattern.groupNames)
    }

    /// `ReplaceAllString` over matches already found (in order, non-overlapping).
    ///
    /// As in Go, an empty match right after the previous match is not replaced, so `a*` on `baaac` gives
    /// `XbXcX`, not `XbXXcX`.
    func replaceAll(in subject: String, matches: [PatternMatch], groupNames: [String?]) -> String {
        var output = ""
        var lastEnd = subject.startIndex
        for match in matches {
            output += subject[lastEnd..<match.range.lowerBound]
            if match.range.upperBound > lastEnd || match.range.lowerBound == subject.startIndex {
                output += expand(match, groupNames: groupNames)
            }
            lastEnd = match.range.upperBound
        }
        output += subject[lastEnd...]
        return output
    }

    /// Splits the template into literal text and group references.
    private static func parse(_ scalars: [Unicode.Scalar]) -> [Segment] {
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flushLiteral() {
            if !literal.isEmpty { segments.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$" else {
                literal.append(scalar)
                index += 1
                continue
            }
            if index + 1 < scalars.count, scalars[index + 1] == "$" {
                literal.append("$")
                index += 2
                continue
            }
            if let (reference, next) = reference(in: scalars, from: index + 1) {
                flushLiteral()
                segments.append(reference)
                index = next
            } else {
                literal.append("$")
                index += 1
            }
        }
        flushLiteral()
        return segments
    }

    /// Reads a reference (`name`, `{name}`) starting at `start`; returns it and the index after it.
    private static func reference(in scalars: [Unicode.Scalar], from start: Int) -> (Segment, Int)? {
        var index = start
        let braced = index < scalars.count && scalars[index] == "{"
        if braced { index += 1 }
        let nameStart = index
        while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
        guard index > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        if braced {
            guard index < scalars.count, scalars[index] == "}" else { return nil }
            index += 1
        }
        if let number = groupNumber(name) { return (.group(number), index) }
        return (.named(name), index)
    }

    /// The group number `name` denotes, if it is one: ASCII digits, no leading zero, below 10⁸ before each digit.
    private static func groupNumber(_ name: String) -> Int? {
        var number = 0
        for byte in name.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), number < 100_000_000 else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        if name.utf8.count > 1, name.utf8.first == UInt8(ascii: "0") { return nil }
        return number
    }

    /// Go's `unicode.IsLetter || unicode.IsDigit || == '_'`.
    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }
}
