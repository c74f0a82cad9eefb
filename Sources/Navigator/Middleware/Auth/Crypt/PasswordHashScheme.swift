/// One parsed htpasswd hash that can check a password against itself.
protocol PasswordHashScheme: Sendable {
    /// Whether `password` (raw bytes) matches; the final comparison is constant-time.
    func verify(_ password: [UInt8]) -> Bool
}

/// Comparisons whose duration does not depend on where the inputs differ.
enum ConstantTime {
    /// Whether `lhs` and `rhs` are equal; takes time proportional to the longer input whatever the contents.
    static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let length = max(lhs.count, rhs.count)
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count) | (lhs.count == rhs.count ? 0 : 1)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}

/// The `crypt(3)` family's base 64 (`./0–9A–Za–z`), as APR1 encodes its digest.
enum CryptBase64 {
    /// The alphabet.
    static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` characters of `value`, least significant 6 bits first (MD5-crypt order).
    static func littleEndian(_ value: UInt32, count: Int) -> [UInt8] {
        var value = value
        var output: [UInt8] = []
        for _ in 0..<count {
            output.append(alphabet[Int(value & 0x3F)])
            value >>= 6
        }
        return output
    }

    /// Encodes a digest by groups of three byte indices (`nil` = a zero byte), each group emitted as
    /// `characters` characters, least significant first — the MD5-crypt layout.
    static func encode(_ digest: [UInt8], groups: [(Int?, Int?, Int?, Int)]) -> String {
        var output: [UInt8] = []
        for (high, middle, low, characters) in groups {
            let byte = { (index: Int?) -> UInt32 in index.map { UInt32(digest[$0]) } ?? 0 }
            let value = (byte(high) << 16) | (byte(middle) << 8) | byte(low)
            output += littleEndian(value, count: characters)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
