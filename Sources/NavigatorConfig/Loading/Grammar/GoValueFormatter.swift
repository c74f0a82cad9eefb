/// Formats a YAML value the way Navigator prints a decoded `interface{}` with `fmt.Sprint` (tenant `var` values, F26).
enum GoValueFormatter {
    /// `5`, `true`, `1.5`, `<nil>`, `[a b]`, `map[k:v]`; strings are `${VAR}`-expanded first (D6).
    static func format(_ node: YAMLNode, environment: [String: String]) -> String {
        switch node.content {
        case .scalar(let scalar):
            guard scalar.isPlain else { return EnvironmentExpander.expand(scalar.text, environment: environment, mode: .standard) }
            let text = scalar.text
            if ["", "~", "null", "Null", "NULL"].contains(text) { return "<nil>" }
            if ["true", "True", "TRUE"].contains(text) { return "true" }
            if ["false", "False", "FALSE"].contains(text) { return "false" }
            if let int = ScalarGrammar.int(text) { return String(int) }
            if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let double = Double(text) {
                return formatFloat(double)
            }
            return EnvironmentExpander.expand(text, environment: environment, mode: .standard)
        case .sequence(let sequence):
            return "[" + sequence.map { format($0, environment: environment) }.joined(separator: " ") + "]"
        case .mapping(let mapping):
            let pairs = ConfigMap.flatten(mapping).map { ($0.0, format($0.1, environment: environment)) }
            return "map[" + pairs.sorted { $0.0 < $1.0 }.map { "\($0.0):\($0.1)" }.joined(separator: " ") + "]"
        }
    }

    /// Go's `%v` for float64: shortest representation, no trailing `.0`, exponent from 1e21.
    static func formatFloat(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 { return String(Int64(value)) }
        return "\(value)"
    }
}
