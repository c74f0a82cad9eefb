import NavigatorCore

/// A strict JSON scanner over bytes (RFC 8259 grammar, as Go's scanner accepts it) that reads exactly one value and
/// reports where it ends, so callers get Go's `json.Decoder` behaviour: bytes after the first value are ignored.
///
/// It can compact a value while scanning (Go's `json.Compact` with HTML escaping, as `json.RawMessage` is re-encoded)
/// and pick an object's members apart without building a tree.
struct JSONValueScanner {
    /// Why scanning failed.
    struct SyntaxError: Error, Equatable {
        /// Byte offset of the problem.
        let offset: Int
    }

    /// What kind of value starts at an offset.
    enum Kind: Equatable {
        case object, array, string, number, literal
    }

    private let bytes: [UInt8]
    /// Current read position.
    private(set) var position: Int

    /// Scans `bytes` from the start.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
    }

    /// Skips JSON whitespace (space, tab, CR, LF).
    mutating func skipWhitespace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    /// Whether only whitespace remains.
    mutating func atEnd() -> Bool {
        skipWhitespace()
        return position >= bytes.count
    }

    /// The kind of the value at the current position (after whitespace).
    mutating func peekKind() throws -> Kind {
        skipWhitespace()
        guard position < bytes.count else { throw SyntaxError(offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return .literal
        default: throw SyntaxError(offset: position)
        }
    }

    /// Scans one value and appends its compact, HTML-escaped form to `output` (pass `nil` to only validate).
    mutating func scanValue(into output: inout [UInt8]?) throws {
        switch try peekKind() {
        case .object:
            position += 1
            output?.append(UInt8(ascii: "{"))
            skipWhitespace()
            if try consume(UInt8(ascii: "}")) { output?.append(UInt8(ascii: "}")); return }
            while true {
                skipWhitespace()
                guard try peekKind() == .string else { throw SyntaxError(offset: position) }
                try scanString(into: &output)
                skipWhitespace()
                guard try consume(UInt8(ascii: ":")) else { throw SyntaxError(offset: position) }
                output?.append(UInt8(ascii: ":"))
                try scanValue(into: &output)
                skipWhitespace()
                if try consume(UInt8(ascii: ",")) { output?.append(UInt8(ascii: ",")); continue }
                guard try consume(UInt8(ascii: "}")) else { throw SyntaxError(offset: position) }
                output?.append(UInt8(ascii: "}"))
                return
            }
        case .array:
            position += 1
            output?.append(UInt8(ascii: "["))
            skipWhitespace()
            if try consume(UInt8(ascii: "]")) { output?.append(UInt8(ascii: "]")); return }
            while true {
                try scanValue(into: &output)
                skipWhitespace()
                if try consume(UInt8(ascii: ",")) { output?.append(UInt8(ascii: ",")); continue }
                guard try consume(UInt8(ascii: "]")) else { throw SyntaxError(offset: position) }
                output?.append(UInt8(ascii: "]"))
                return
            }
        case .string:
            try scanString(into: &output)
        case .number:
            try scanNumber(into: &output)
        case .literal:
            try scanLiteral(into: &output)
        }
    }

    /// Scans a string token, copying it with `<`, `>`, `&`, U+2028/9 escaped and invalid UTF-8 replaced by `\ufffd`
    /// (Go would copy invalid bytes through; browsers then fail the whole socket, so we never send them).
    mutating func scanString(into output: inout [UInt8]?) throws {
        guard try consume(UInt8(ascii: "\"")) else { throw SyntaxError(offset: position) }
        output?.append(UInt8(ascii: "\""))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                output?.append(byte)
                return
            case UInt8(ascii: "\\"):
                try scanEscape(into: &output)
            case 0x00..<0x20:
                throw SyntaxError(offset: position)
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                position += 1
                if output != nil { GoJSONString.appendASCII(byte, to: &output!) }
            case 0x20..<0x80:
                position += 1
                output?.append(byte)
            default:
                try scanMultibyte(into: &output)
            }
        }
        throw SyntaxError(offset: position)
    }

    /// Scans a backslash escape, copying it unchanged.
    private mutating func scanEscape(into output: inout [UInt8]?) throws {
        guard position + 1 < bytes.count else { throw SyntaxError(offset: position) }
        let kind = bytes[position + 1]
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            output?.append(contentsOf: bytes[position..<position + 2])
            position += 2
        case UInt8(ascii: "u"):
            guard position + 6 <= bytes.count,
                  bytes[position + 2..<position + 6].allSatisfy(Self.isHexDigit)
            else { throw SyntaxError(offset: position) }
            output?.append(contentsOf: bytes[position..<position + 6])
            position += 6
        default:
            throw SyntaxError(offset: position)
        }
    }

    /// Copies one multi-byte UTF-8 sequence (escaping U+2028/U+2029), or writes `\ufffd` for an invalid byte.
    private mutating func scanMultibyte(into output: inout [UInt8]?) throws {
        let lead = bytes[position]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: length = 0
        }
        if length > 0, position + length <= bytes.count,
           let scalar = Self.decodeScalar(bytes[position..<position + length]) {
            position += length
            if output != nil { GoJSONString.appendEscaped(scalar, to: &output!) }
        } else {
            position += 1
            output?.append(contentsOf: Array("\\ufffd".utf8))
        }
    }

    /// Decodes exactly one well-formed scalar from `sequence`, or `nil`.
    private static func decodeScalar(_ sequence: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var iterator = sequence.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return UTF8.width(scalar) == sequence.count ? scalar : nil
    }

    /// Scans a number with Go's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, copied verbatim.
    private mutating func scanNumber(into output: inout [UInt8]?) throws {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, Self.isDigit(bytes[position]) else { throw SyntaxError(offset: position) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, Self.isDigit(bytes[position]) else { throw SyntaxError(offset: position) }
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, Self.isDigit(bytes[position]) else { throw SyntaxError(offset: position) }
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        output?.append(contentsOf: bytes[start..<position])
    }

    /// Scans `true`, `false` or `null`.
    private mutating func scanLiteral(into output: inout [UInt8]?) throws {
        for literal in ["true", "false", "null"] {
            let utf8 = Array(literal.utf8)
            if position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 {
                position += utf8.count
                output?.append(contentsOf: utf8)
                return
            }
        }
        throw SyntaxError(offset: position)
    }

    /// The bytes in `range` (e.g. a scanned token).
    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { bytes[range] }

    /// Consumes the `{` that opens an object.
    mutating func beginObject() throws {
        skipWhitespace()
        guard try consume(UInt8(ascii: "{")) else { throw SyntaxError(offset: position) }
    }

    /// Reads the next member's key and its `:`; `nil` once the closing `}` is consumed.
    /// `first` tracks whether a `,` is expected before the key.
    mutating func nextKey(first: inout Bool) throws -> String? {
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) { return nil }
        if !first {
            guard try consume(UInt8(ascii: ",")) else { throw SyntaxError(offset: position) }
            skipWhitespace()
        }
        first = false
        let start = position
        var none: [UInt8]? = nil
        guard try peekKind() == .string else { throw SyntaxError(offset: position) }
        try scanString(into: &none)
        guard let key = JSONStringDecoder.decode(bytes[start..<position]) else { throw SyntaxError(offset: start) }
        skipWhitespace()
        guard try consume(UInt8(ascii: ":")) else { throw SyntaxError(offset: position) }
        return key
    }

    /// Consumes `byte` if it is next.
    private mutating func consume(_ byte: UInt8) throws -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// JSON whitespace.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    /// `0`…`9`.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    /// A hex digit.
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
