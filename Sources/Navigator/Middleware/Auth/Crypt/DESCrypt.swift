/// Traditional Unix `crypt(3)` (Seventh Edition): 13 characters — a 2-character salt, then 11 characters encoding
/// 25 DES encryptions of a zero block under a key made from the first 8 password bytes, with the salt swapping
/// pairs of bits of the expansion table. `htpasswd -d` writes it. Navigator never matched these; we do.
///
/// Bits are kept one per array element: this is the slow textbook form, which is fine for 25 × 16 rounds.
struct DESCrypt: PasswordHashScheme {
    /// The two salt characters' 12-bit value.
    let salt: Int
    /// The whole stored 13-character string.
    let stored: [UInt8]

    /// Parses a 13-character string over the crypt alphabet; `nil` otherwise.
    init?(_ hash: String) {
        let bytes = Array(hash.utf8)
        guard bytes.count == 13 else { return nil }
        var values: [UInt32] = []
        for byte in bytes {
            guard let value = CryptBase64.value(of: byte) else { return nil }
            values.append(value)
        }
        // The last character carries only 4 bits of the 64 (the two spare bits are zero).
        guard values[12] & 0x3 == 0 else { return nil }
        self.salt = Int(values[0] | (values[1] << 6))
        self.stored = bytes
    }

    /// Whether `password` produces the stored hash.
    func verify(_ password: [UInt8]) -> Bool {
        let computed = Self.hash(password: password, salt: salt, saltText: Array(stored.prefix(2)))
        return ConstantTime.equals(computed, stored)
    }

    /// The 13-character hash of `password` with `salt`.
    static func hash(password: [UInt8], salt: Int, saltText: [UInt8]) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: 64)
        for (index, byte) in password.prefix(8).enumerated() {
            let shifted = byte << 1
            for bit in 0..<8 { key[index * 8 + bit] = (shifted >> (7 - bit)) & 1 }
        }
        let roundKeys = keySchedule(key)
        var expansion = DESTables.expansion
        for bit in 0..<12 where salt & (1 << bit) != 0 {
            expansion.swapAt(bit, bit + 24)
        }
        var block = [UInt8](repeating: 0, count: 64)
        for _ in 0..<25 {
            block = encrypt(block, roundKeys: roundKeys, expansion: expansion)
        }
        var output = saltText
        for group in 0..<11 {
            var value = 0
            for bit in 0..<6 {
                let index = group * 6 + bit
                value = (value << 1) | (index < 64 ? Int(block[index]) : 0)
            }
            output.append(CryptBase64.alphabet[value])
        }
        return output
    }

    /// The 16 round keys (48 bits each) of a 64-bit key.
    static func keySchedule(_ key: [UInt8]) -> [[UInt8]] {
        let permuted = DESTables.pc1.map { key[$0 - 1] }
        var left = Array(permuted[0..<28])
        var right = Array(permuted[28..<56])
        var keys: [[UInt8]] = []
        for rotation in DESTables.rotations {
            left = Array(left[rotation...] + left[..<rotation])
            right = Array(right[rotation...] + right[..<rotation])
            let joined = left + right
            keys.append(DESTables.pc2.map { joined[$0 - 1] })
        }
        return keys
    }

    /// One DES encryption of a 64-bit block with `expansion` as the E table.
    static func encrypt(_ block: [UInt8], roundKeys: [[UInt8]], expansion: [Int]) -> [UInt8] {
        let permuted = DESTables.initialPermutation.map { block[$0 - 1] }
        var left = Array(permuted[0..<32])
        var right = Array(permuted[32..<64])
        for roundKey in roundKeys {
            let mixed = feistel(right, roundKey: roundKey, expansion: expansion)
            let newRight = zip(left, mixed).map { $0 ^ $1 }
            left = right
            right = newRight
        }
        let preOutput = right + left
        return DESTables.finalPermutation.map { preOutput[$0 - 1] }
    }

    /// The round function: expand, mix in the key, substitute through the S-boxes, permute.
    static func feistel(_ half: [UInt8], roundKey: [UInt8], expansion: [Int]) -> [UInt8] {
        let expanded = expansion.enumerated().map { half[$0.element - 1] ^ roundKey[$0.offset] }
        var substituted: [UInt8] = []
        substituted.reserveCapacity(32)
        for box in 0..<8 {
            let bits = expanded[(box * 6)..<(box * 6 + 6)].map(Int.init)
            let row = (bits[0] << 1) | bits[5]
            let column = (bits[1] << 3) | (bits[2] << 2) | (bits[3] << 1) | bits[4]
            let value = DESTables.sBoxes[box][row * 16 + column]
            for bit in 0..<4 { substituted.append((value >> (3 - bit)) & 1) }
        }
        return DESTables.permutation.map { substituted[$0 - 1] }
    }
}
