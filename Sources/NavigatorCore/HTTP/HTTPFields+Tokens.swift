public import HTTPTypes

extension HTTPFields {
    /// Whether any comma-separated token of any `name` field equals `token` (lower-case), ignoring case and the
    /// spaces and tabs around it (`Connection: keep-alive, Upgrade`).
    public func containsToken(_ name: HTTPField.Name, _ token: String) -> Bool {
        self[values: name].contains { value in
            value.utf8.split(separator: UInt8(ascii: ",")).contains { Self.token($0, equals: token.utf8) }
        }
    }

    private static func token(_ candidate: Substring.UTF8View, equals token: String.UTF8View) -> Bool {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = candidate.firstIndex(where: { !isBlank($0) }),
              let last = candidate.lastIndex(where: { !isBlank($0) })
        else { return token.isEmpty }
        let trimmed = candidate[first...last]
        guard trimmed.count == token.count else { return false }
        return zip(trimmed, token).allSatisfy { lhs, rhs in
            let lower = lhs >= UInt8(ascii: "A") && lhs <= UInt8(ascii: "Z") ? lhs + 32 : lhs
            return lower == rhs
        }
    }
}
