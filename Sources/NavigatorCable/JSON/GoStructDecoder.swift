/// Decodes the first JSON value of some bytes into named fields the way Go's `encoding/json` fills a struct:
/// keys match field names case-insensitively (an exact match wins), the last duplicate wins, `null` leaves a string
/// field unset, unknown keys are ignored, and a value of the wrong type makes the whole decode fail.
struct GoStructDecoder: Sendable {
    /// How a field is typed in the Go struct.
    enum FieldType: Sendable {
        /// A Go `string`.
        case string
        /// A Go `json.RawMessage`: any value, kept as its compact, HTML-escaped bytes (`null` kept as `null`).
        case raw
    }

    /// A decoded field value.
    enum Value: Equatable, Sendable {
        /// A string field.
        case string(String)
        /// A raw field's compact bytes.
        case raw([UInt8])
    }

    /// Why decoding failed.
    enum Failure: Error, Equatable {
        /// Not JSON (syntax error, or nothing there).
        case syntax
        /// JSON, but not the shape of the struct (a non-object top level, a non-string value for a string field).
        case type
    }

    /// Field names (as in Go's `json:"…"` tags) and their types.
    let fields: [String: FieldType]

    /// Decodes the first value of `bytes`. With `requireEnd`, anything but whitespace after it is a syntax error
    /// (`json.Unmarshal`); without, trailing bytes are ignored (`json.Decoder.Decode`).
    func decode(_ bytes: [UInt8], requireEnd: Bool) throws(Failure) -> [String: Value] {
        var scanner = JSONValueScanner(bytes)
        var result: [String: Value] = [:]
        var mismatch = false
        do {
            let kind = try scanner.peekKind()
            if kind == .object {
                mismatch = try readMembers(&scanner, into: &result)
            } else {
                let start = scanner.position
                var none: [UInt8]? = nil
                try scanner.scanValue(into: &none)
                // A top-level null decodes into a struct as a no-op; any other non-object does not fit.
                mismatch = scanner.slice(start..<scanner.position).elementsEqual("null".utf8) == false
            }
        } catch {
            throw .syntax
        }
        if requireEnd, !scanner.atEnd() { throw .syntax }
        // Go scans the whole value before it reports a type error, so a syntax error later on still wins.
        if mismatch { throw .type }
        return result
    }

    /// Reads an object's members into the known fields; returns whether some value had the wrong type.
    private func readMembers(_ scanner: inout JSONValueScanner, into result: inout [String: Value]) throws -> Bool {
        var mismatch = false
        var first = true
        try scanner.beginObject()
        while let key = try scanner.nextKey(first: &first) {
            let field = lookup(key)
            let kind = try scanner.peekKind()
            let start = scanner.position
            var compact: [UInt8]? = field?.type == .raw ? [] : nil
            try scanner.scanValue(into: &compact)
            guard let field else { continue }
            let token = scanner.slice(start..<scanner.position)
            switch field.type {
            case .raw:
                result[field.name] = .raw(compact ?? [])
            case .string:
                if token.elementsEqual("null".utf8) { continue }
                guard kind == .string, let text = JSONStringDecoder.decode(token) else {
                    mismatch = true
                    continue
                }
                result[field.name] = .string(text)
            }
        }
        return mismatch
    }

    /// The field `key` fills: an exact name match, else a case-insensitive one.
    private func lookup(_ key: String) -> (name: String, type: FieldType)? {
        if let type = fields[key] { return (key, type) }
        let folded = key.lowercased()
        return fields.first { $0.key.lowercased() == folded }.map { ($0.key, $0.value) }
    }
}
