extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks (Go's `strings.TrimSpace` for ASCII).
    public func trimmingWhitespace() -> Substring {
        let isSpace = { (character: Character) in character == " " || character == "\t" || character == "\r" || character == "\n" || character == "\u{0B}" || character == "\u{0C}" }
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        let last = text.lastIndex(where: { !isSpace($0) })!
        return text[first...last]
    }
}
