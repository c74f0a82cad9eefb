import NavigatorCore

/// Builds one compact JSON object with keys in the order they are added, escaping strings exactly as Go's
/// `encoding/json` does (`GoJSONString`), so access-log lines are byte-compatible with Navigator's.
///
/// The object is built as UTF-8 bytes: one line is built per request, and appending bytes costs a fraction of
/// appending to a `String`.
struct JSONLineEncoder {
    /// The bytes so far.
    private var bytes: [UInt8] = []
    /// Whether no member has been written yet.
    private var isEmpty = true

    /// An empty object.
    init() {
        bytes.reserveCapacity(512)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Appends `"key":"value"`.
    mutating func add(_ key: String, _ value: String) {
        startMember(key)
        GoJSONString.append(value, to: &bytes)
    }

    /// Appends `"key":number`.
    mutating func add(_ key: String, _ value: Int) {
        startMember(key)
        Self.appendDecimal(value, to: &bytes)
    }

    /// Appends `"key":"value"` only when `value` is non-nil and non-empty (Go's `omitempty`).
    mutating func addIfPresent(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        add(key, value)
    }

    /// The finished object (no trailing newline).
    var line: String {
        // Written straight into the string's storage: one allocation, no copy of `bytes` to append the brace.
        String(unsafeUninitializedCapacity: bytes.count + 1) { buffer in
            let copied = buffer.initialize(fromContentsOf: bytes)
            buffer[copied] = UInt8(ascii: "}")
            return copied + 1
        }
    }

    /// Writes the separator and the quoted key.
    private mutating func startMember(_ key: String) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        GoJSONString.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `value` in decimal, without building a `String` first.
    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        // Sign and 19 digits at most.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var writer = ASCIIWriter(buffer)
            if value < 0 { writer.text("-") }
            writer.decimal(value.magnitude)
            output.append(contentsOf: buffer[..<writer.count])
        }
    }
}
