/// Writes ASCII text and numbers straight into a buffer, for the header values and log fields built once per
/// request: a string built this way costs one allocation, instead of one per piece appended.
struct ASCIIWriter {
    private let output: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0

    /// A writer filling `output` from its start; every write must fit.
    init(_ output: UnsafeMutableBufferPointer<UInt8>) {
        self.output = output
    }

    /// A string of at most `capacity` bytes, written by `body`.
    static func string(capacity: Int, _ body: (inout ASCIIWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = ASCIIWriter(buffer)
            body(&writer)
            return writer.count
        }
    }

    /// Appends the bytes of `value`.
    mutating func text(_ value: String) {
        for byte in value.utf8 {
            output[count] = byte
            count += 1
        }
    }

    /// Appends a non-negative `value` in decimal, zero-padded to at least `width` digits.
    mutating func decimal<Value: BinaryInteger>(_ value: Value, width: Int = 1) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        digits = max(digits, width)
        rest = value
        for position in (count..<count + digits).reversed() {
            output[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }

    /// Appends `value` in lower-case hex, as Go's `strconv.FormatInt(value, 16)` writes it (`-` first if negative).
    mutating func hex(_ value: Int64) {
        if value < 0 { text("-") }
        let magnitude = value.magnitude
        var digits = 1
        while digits < 16, magnitude >> (4 * UInt64(digits)) > 0 { digits += 1 }
        var rest = magnitude
        for position in (count..<count + digits).reversed() {
            output[position] = Self.hexDigits[Int(rest & 0xF)]
            rest >>= 4
        }
        count += digits
    }

    /// Lower-case hex digits.
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
