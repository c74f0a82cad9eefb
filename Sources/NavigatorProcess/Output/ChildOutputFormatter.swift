public import NavigatorConfig

/// Renders child output lines as Navigator does (§1b).
public enum ChildOutputFormatter {
    /// Text: `[source.stream] line`; JSON: an object with `@timestamp`, `source`, `stream`, `message` — except a line
    /// that already is a JSON object with `@timestamp` and `severity` (a Rails JSON log line), which passes verbatim.
    public static func render(_ line: ChildOutputLine, format: LoggingSettings.Format, timestamp: String) -> String {
        switch format {
        case .text:
            return "[\(line.source).\(line.stream.rawValue)] \(line.text)"
        case .json:
            if isStructuredLogLine(line.text) { return line.text }
            return object([
                ("@timestamp", timestamp), ("source", line.source), ("stream", line.stream.rawValue),
                ("message", line.text),
            ])
        }
    }

    /// The Vector form: always JSON, with `tenant` = source added (a passed-through Rails line gets it too).
    public static func renderForVector(_ line: ChildOutputLine, timestamp: String) -> String {
        if isStructuredLogLine(line.text) {
            let trimmed = line.text.trimmingSuffixWhitespace()
            let inner = trimmed.dropLast().trimmingSuffixWhitespace()
            let separator = inner.hasSuffix("{") ? "" : ","
            return inner + separator + "\"tenant\":" + quoted(line.source) + "}"
        }
        return object([
            ("@timestamp", timestamp), ("source", line.source), ("stream", line.stream.rawValue),
            ("message", line.text), ("tenant", line.source),
        ])
    }

    /// Whether `text` looks like a JSON object carrying `"@timestamp"` and `"severity"` keys.
    static func isStructuredLogLine(_ text: String) -> Bool {
        let trimmed = text.trimmingSuffixWhitespace()
        guard trimmed.first == "{", trimmed.last == "}" else { return false }
        return trimmed.contains("\"@timestamp\"") && trimmed.contains("\"severity\"")
    }

    /// A flat JSON object of string values, keys in the given order.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { quoted($0.0) + ":" + quoted($0.1) }.joined(separator: ",") + "}"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension StringProtocol {
    /// Without trailing spaces, tabs and carriage returns.
    func trimmingSuffixWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
