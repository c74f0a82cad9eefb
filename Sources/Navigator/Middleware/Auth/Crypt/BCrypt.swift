/// bcrypt password hashes: `$2a$`, `$2b$`, `$2y$` and `$2x$` followed by a two-digit cost, `$`, 22 characters of salt
/// and 31 characters of hash, all in bcrypt's own base-64 alphabet.
///
/// `$2a$`, `$2b$` and `$2y$` compute the same function for every password up to 72 bytes (the variants only mark
/// which implementation bugs the writer did not have); longer passwords are cut at 72 bytes as OpenBSD's `$2b$` does.
/// `$2x$` marks hashes made by crypt_blowfish before 1.1, which sign-extended bytes ≥ 0x80 of the key; that bug is
/// reproduced for `$2x$` so such hashes of non-ASCII passwords verify too.
struct BCrypt: PasswordHashScheme {
    /// The variant letter (`a`, `b`, `x` or `y`).
    let variant: Character
    /// log2 of the number of key-schedule rounds (4…31).
    let cost: Int
    /// 16 bytes of salt.
    let salt: [UInt8]
    /// The 23 stored hash bytes.
    let digest: [UInt8]

    /// Parses a stored hash; `nil` when it is not a well-formed bcrypt string.
    init?(_ hash: String) {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
              bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$") else { return nil }
        let variant = Character(Unicode.Scalar(bytes[2]))
        guard "abxy".contains(variant) else { return nil }
        guard let tens = Self.digit(bytes[4]), let ones = Self.digit(bytes[5]) else { return nil }
        let cost = tens * 10 + ones
        guard (4...31).contains(cost) else { return nil }
        guard let salt = BCryptBase64.decode(bytes[7..<29], count: 16),
              let digest = BCryptBase64.decode(bytes[29..<60], count: 23) else { return nil }
        self.variant = variant
        self.cost = cost
        self.salt = salt
        self.digest = digest
    }

    /// Whether `password` hashes to the stored digest (compared in constant time).
    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equals(Self.hash(password: password, salt: salt, cost: cost, signExtend: variant == "x"), digest)
    }

    /// The 23-byte bcrypt digest of `password`.
    static func hash(password: [UInt8], salt: [UInt8], cost: Int, signExtend: Bool = false) -> [UInt8] {
        // The key is the password with its terminating NUL, at most 72 bytes are ever read from it.
        var key = Array(password.prefix(72))
        if key.count < 72 { key.append(0) }
        let cipher = EksBlowfish()
        key.withUnsafeBufferPointer { key in
            salt.withUnsafeBufferPointer { salt in
                cipher.expand(key: key, salt: salt, signExtendKey: signExtend)
                let rounds = UInt64(1) << UInt64(cost)
                var round: UInt64 = 0
                while round < rounds {
                    cipher.expand(key: key, salt: nil, signExtendKey: signExtend)
                    cipher.expand(key: salt, salt: nil)
                    round += 1
                }
            }
        }
        // "OrpheanBeholderScryDoubt" as six big-endian words, encrypted 64 times.
        var words: [UInt32] = [0x4F72_7068, 0x6561_6E42, 0x6568_6F6C, 0x6465_7253, 0x6372_7944, 0x6F75_6274]
        for _ in 0..<64 {
            for pair in stride(from: 0, to: 6, by: 2) {
                var left = words[pair]
                var right = words[pair + 1]
                cipher.encrypt(&left, &right)
                words[pair] = left
                words[pair + 1] = right
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(24)
        for word in words {
            output += [UInt8(word >> 24), UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF), UInt8(word & 0xFF)]
        }
        return Array(output.prefix(23))
    }

    /// The value of an ASCII decimal digit.
    private static func digit(_ byte: UInt8) -> Int? {
        (48...57).contains(byte) ? Int(byte - 48) : nil
    }
}

/// bcrypt's base 64: alphabet `./A–Za–z0–9`, big-endian bit order, no padding.
enum BCryptBase64 {
    /// The alphabet.
    static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// Decodes exactly `count` bytes from `text` (trailing spare bits are ignored); `nil` on a foreign character.
    static func decode(_ text: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        var values: [UInt32] = []
        values.reserveCapacity(text.count)
        for byte in text {
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt32(index))
        }
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for value in values {
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
                if output.count == count { return output }
            }
        }
        return output.count == count ? output : nil
    }

    /// Encodes `bytes` (used by tests to build hashes).
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                output.append(alphabet[Int((accumulator >> UInt32(bits)) & 0x3F)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((accumulator << UInt32(6 - bits)) & 0x3F)]) }
        return String(decoding: output, as: UTF8.self)
    }
}
