/// HTTP optional whitespace (spaces and tabs) around header values and list elements.
enum OptionalWhitespace {
    /// `text` without leading and trailing spaces and tabs.
    static func trim(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }
}
