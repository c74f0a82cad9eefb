import Crypto

/// Apache's `$apr1$salt$hash` (`htpasswd -m`, `openssl passwd -apr1`): Poul-Henning Kamp's MD5-crypt with another
/// magic string mixed into the first digest. libxcrypt checks `$1$` but not this variant, so it stays ours.
struct APR1Crypt: PasswordHashScheme {
    /// The magic string.
    static let magic = "$apr1$"
    /// The salt (at most 8 characters).
    let salt: [UInt8]
    /// The 22-character encoded hash as stored.
    let encoded: [UInt8]

    /// Parses `$apr1$…`; `nil` when malformed.
    init?(_ hash: String) {
        guard hash.hasPrefix(Self.magic) else { return nil }
        let rest = hash.utf8.dropFirst(Self.magic.utf8.count)
        guard let dollar = rest.firstIndex(of: UInt8(ascii: "$")) else { return nil }
        let salt = Array(rest[..<dollar].prefix(8))
        let encoded = Array(rest[rest.index(after: dollar)...])
        guard encoded.count == 22 else { return nil }
        self.salt = salt
        self.encoded = encoded
    }

    /// Whether `password` produces the stored hash.
    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equals(Array(Self.hash(password: password, salt: salt).utf8), encoded)
    }

    /// The 22-character encoded hash of `password`.
    static func hash(password: [UInt8], salt: [UInt8]) -> String {
        var alternate = Insecure.MD5()
        alternate.update(data: password + salt + password)
        let alternateDigest = Array(alternate.finalize())

        var context = Insecure.MD5()
        context.update(data: password + Array(Self.magic.utf8) + salt)
        var remaining = password.count
        while remaining > 0 {
            context.update(data: alternateDigest.prefix(min(remaining, 16)))
            remaining -= 16
        }
        // One byte per bit of the length: a zero byte for a set bit, the password's first byte otherwise.
        var length = password.count
        while length > 0 {
            context.update(data: (length & 1) == 1 ? [0] : [password[0]])
            length >>= 1
        }
        var digest = Array(context.finalize())

        // 1000 rounds that make the hash slow (for 1994).
        for round in 0..<1000 {
            var step = Insecure.MD5()
            step.update(data: round & 1 == 1 ? password : digest)
            if round % 3 != 0 { step.update(data: salt) }
            if round % 7 != 0 { step.update(data: password) }
            step.update(data: round & 1 == 1 ? digest : password)
            digest = Array(step.finalize())
        }
        return CryptBase64.encode(digest, groups: [
            (0, 6, 12, 4), (1, 7, 13, 4), (2, 8, 14, 4), (3, 9, 15, 4), (4, 10, 5, 4), (nil, nil, 11, 2),
        ])
    }
}
