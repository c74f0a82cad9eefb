/// How plain YAML scalars are read as booleans and integers, following yaml.v3 decoding into typed Go fields.
enum ScalarGrammar {
    /// `true/false/yes/no/on/off/y/n` in lower, Title or UPPER case.
    static func bool(_ text: String) -> Bool? {
        let spellings: [String: Bool] = [
            "true": true, "yes": true, "on": true, "y": true,
            "false": false, "no": false, "off": false, "n": false,
        ]
        let lower = text.lowercased()
        let title = text.prefix(1).uppercased() + text.dropFirst().lowercased()
        guard text == lower || text == text.uppercased() || text == title else { return nil }
        return spellings[lower]
    }

    /// Decimal (optional sign, `_` separators), `0x` hexadecimal or `0o` octal integers.
    static func int(_ text: String) -> Int? {
        var body = Substring(text.replacing("_", with: ""))
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let magnitude: Int?
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            magnitude = Int(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0o") || body.hasPrefix("0O") {
            magnitude = Int(body.dropFirst(2), radix: 8)
        } else if !body.isEmpty, body.allSatisfy(\.isASCII), body.allSatisfy(\.isNumber) {
            magnitude = Int(body)
        } else {
            magnitude = nil
        }
        return magnitude.map { negative ? -$0 : $0 }
    }
}
