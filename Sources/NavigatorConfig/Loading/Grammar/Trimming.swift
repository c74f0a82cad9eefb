extension String {
    /// The text without leading and trailing spaces and tabs (Unicode space separators included), as Go's
    /// `strings.TrimSpace` leaves line content; newlines are kept.
    var trimmingBlanks: String { trimming(where: { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) }

    /// The text without leading and trailing `character`s.
    func trimming(_ character: Character) -> String {
        trimming(where: { Character($0) == character })
    }

    /// The text without leading and trailing Unicode scalars that match `isTrimmed`.
    private func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}
