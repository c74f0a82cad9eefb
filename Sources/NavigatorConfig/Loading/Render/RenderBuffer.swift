/// The indented `key: value` text that `ConfigRenderer` writes.
struct RenderBuffer {
    /// Absolute working directory, replaced by `<wd>` in paths.
    let workingDirectory: String
    /// The text so far.
    private(set) var text = ""
    /// Current nesting depth.
    private var depth = 0

    /// Creates an empty buffer.
    init(workingDirectory: String) {
        self.workingDirectory = workingDirectory
    }

    /// Writes `key: value` (`~` for nil).
    mutating func line(_ key: String, _ value: String?) {
        let shown = value.map { $0.isEmpty || $0 != $0.trimmingSpaces || $0.contains(":") || $0.contains("#") ? "\"\($0)\"" : $0 } ?? "~"
        text += String(repeating: "  ", count: depth) + "\(key): \(shown)\n"
    }

    /// Writes a boolean.
    mutating func line(_ key: String, _ value: Bool) { line(key, value ? "true" : "false") }

    /// Writes an integer (`~` for nil).
    mutating func line<Number: BinaryInteger>(_ key: String, _ value: Number?) { line(key, value.map { "\($0)" }) }

    /// Writes a duration in seconds (`~` for nil).
    mutating func line(_ key: String, _ value: Duration?) { line(key, value.map(Self.format)) }

    /// Writes a list of strings inline.
    mutating func line(_ key: String, _ values: [String]) {
        line(key, "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
    }

    /// Writes a path, relative to the working directory when below it.
    mutating func path(_ key: String, _ value: String?) { line(key, value.map(relative)) }

    /// Writes ordered name/value pairs (environment, headers).
    mutating func pairs(_ key: String, _ values: [(String, String)]) {
        guard !values.isEmpty else { return line(key, "{}") }
        section(key) { out in for (name, value) in values { out.line(name, value) } }
    }

    /// Writes a nested section.
    mutating func section(_ key: String, _ body: (inout RenderBuffer) -> Void) {
        text += String(repeating: "  ", count: depth) + "\(key):\n"
        depth += 1
        body(&self)
        depth -= 1
    }

    /// Writes a list of items, each a `- ` block.
    mutating func list<Item>(_ key: String, _ items: [Item], _ body: (inout RenderBuffer, Item) -> Void) {
        guard !items.isEmpty else { return line(key, "[]") }
        text += String(repeating: "  ", count: depth) + "\(key):\n"
        depth += 1
        for item in items {
            text += String(repeating: "  ", count: depth) + "-\n"
            depth += 1
            body(&self, item)
            depth -= 1
        }
        depth -= 1
    }

    /// `path` with the working directory written as `<wd>`.
    func relative(_ path: String) -> String {
        if path == workingDirectory { return "<wd>" }
        if path.hasPrefix(workingDirectory + "/") { return "<wd>" + path.dropFirst(workingDirectory.count) }
        return path
    }

    /// Seconds with up to nine decimals, e.g. `600s`, `0.3s`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = attoseconds / 1_000_000_000
        guard nanoseconds != 0 else { return "\(seconds)s" }
        var fraction = String(abs(nanoseconds))
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction)s"
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
