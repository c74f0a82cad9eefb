/// How `${…}` placeholders in a string value are treated.
enum ExpansionMode: Sendable {
    /// `${VAR}` → its value, or "" when unset; `${VAR:-default}` → the value, or `default` when unset or empty.
    case standard
    /// As `standard`, but an unset `${VAR}` without a default stays literal: used where `${…}` has a meaning of its
    /// own (Go replacement templates such as `${name}`, tenant-variable templates).
    case keepUndefined
    /// As `keepUndefined`, and `${port}` is always left for the spawner to replace with the allocated port.
    case arguments
    /// No expansion (the value is expanded later, e.g. `applications.env` after tenant variables are substituted).
    case none
}

/// `${VAR}` / `${VAR:-default}` expansion from the process environment (D6).
///
/// Only names matching `[A-Za-z_][A-Za-z0-9_]*` are placeholders, so regex replacements such as `${1}` are never
/// touched; `$${` writes a literal `${`; any other `$` is kept as written.
enum EnvironmentExpander {
    /// Expands `text` with `environment` under `mode`.
    static func expand(_ text: String, environment: [String: String], mode: ExpansionMode) -> String {
        if mode == .none || !text.contains("$") { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.hasPrefix("${") {
                output += "${"
                rest = afterDollar.dropFirst(2)
                continue
            }
            guard afterDollar.hasPrefix("{"), let close = afterDollar.firstIndex(of: "}"),
                  let placeholder = Placeholder(afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close])
            else {
                output += "$"
                rest = afterDollar
                continue
            }
            let literal = String(rest[dollar...close])
            output += placeholder.resolve(environment: environment, mode: mode) ?? literal
            rest = afterDollar[afterDollar.index(after: close)...]
        }
        output += rest
        return output
    }

    /// The inside of one `${…}`.
    private struct Placeholder {
        /// Variable name.
        let name: String
        /// Text after `:-`, if written.
        let fallback: String?

        /// Parses `NAME` or `NAME:-default`; `nil` when the name is not a shell-style identifier.
        init?(_ body: Substring) {
            let parts = body.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            guard let first = name.first, first == "_" || (first.isASCII && first.isLetter),
                  name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
            else { return nil }
            self.name = String(name)
            self.fallback = parts.count > 1 ? String(parts[1]) : nil
        }

        /// The replacement text, or `nil` to keep the placeholder literally.
        func resolve(environment: [String: String], mode: ExpansionMode) -> String? {
            if mode == .arguments && name == "port" { return nil }
            if let fallback {
                if let value = environment[name], !value.isEmpty { return value }
                return fallback
            }
            if let value = environment[name] { return value }
            return mode == .standard ? "" : nil
        }
    }
}
