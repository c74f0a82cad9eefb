/// Navigator's duration grammar: `<number>(y|w|d)` (decimals allowed; y = 365 days), otherwise Go's
/// `time.ParseDuration` (`300ms`, `1h30m`, `1.5h`, `-5m`, `0`). Units: ns, us (µs), ms, s, m, h.
enum DurationParser {
    /// What a duration field expects, for error messages.
    static let expectation = "a duration such as 30s, 5m, 1h30m or 7d"

    /// Parses `text` (surrounding spaces ignored); `nil` when it is not a duration.
    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingBlanks
        if let long = parseDays(trimmed) { return long }
        return parseGo(trimmed)
    }

    /// `<number>(y|w|d)`.
    private static func parseDays(_ text: String) -> Duration? {
        guard let unit = text.last, let days = ["y": 365.0, "w": 7.0, "d": 1.0][String(unit)] else { return nil }
        let number = text.dropLast()
        guard isDecimal(number), let value = Double(number) else { return nil }
        let nanoseconds = value * days * 86_400 * 1e9
        guard nanoseconds < Double(Int64.max) else { return nil }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// Digits with at most one `.`, and at least one digit.
    private static func isDecimal(_ text: Substring) -> Bool {
        !text.isEmpty && text.filter { $0 == "." }.count <= 1 && text.contains { $0.isASCII && $0.isNumber }
            && text.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
    }

    /// Go `time.ParseDuration`.
    private static func parseGo(_ text: String) -> Duration? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0 == "." || ($0.isASCII && $0.isNumber) }
            guard isDecimal(number), let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0 == "." || ($0.isASCII && $0.isNumber)) }
            guard let scale = unitScale[String(unitText)] else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * scale
        }
        guard total < Double(Int64.max) else { return nil }
        let nanoseconds = Int64(total.rounded())
        return .nanoseconds(negative ? -nanoseconds : nanoseconds)
    }

    /// Nanoseconds per unit.
    private static let unitScale: [String: Double] = [
        "ns": 1, "us": 1e3, "\u{00B5}s": 1e3, "\u{03BC}s": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]
}
