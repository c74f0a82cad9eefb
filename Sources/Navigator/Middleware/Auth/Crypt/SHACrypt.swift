import Crypto

/// Ulrich Drepper's SHA-crypt (*Unix crypt using SHA-256 and SHA-512*, 2007): `$5$` (SHA-256) and `$6$` (SHA-512),
/// with an optional `rounds=N$` (default 5000, clamped to 1000…999 999 999), a salt of up to 16 characters and
/// the encoded digest.
struct SHACrypt: PasswordHashScheme {
    /// The digest in use.
    enum Algorithm: Sendable {
        case sha256, sha512

        /// Digest length in bytes.
        var length: Int { self == .sha256 ? 32 : 64 }

        /// The digest of `data`.
        func digest(_ data: [UInt8]) -> [UInt8] {
            switch self {
            case .sha256: Array(SHA256.hash(data: data))
            case .sha512: Array(SHA512.hash(data: data))
            }
        }
    }

    /// SHA-256 or SHA-512.
    let algorithm: Algorithm
    /// Number of rounds.
    let rounds: Int
    /// The salt (at most 16 bytes).
    let salt: [UInt8]
    /// The encoded digest as stored.
    let encoded: [UInt8]

    /// The largest number of rounds accepted; more would make one login take minutes.
    static let maximumRounds = 999_999_999

    /// Parses `$5$…` or `$6$…`; `nil` when malformed.
    init?(_ hash: String) {
        let algorithm: Algorithm
        if hash.hasPrefix("$5$") {
            algorithm = .sha256
        } else if hash.hasPrefix("$6$") {
            algorithm = .sha512
        } else {
            return nil
        }
        var fields = hash.dropFirst(3).split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        var rounds = 5000
        if let first = fields.first, first.hasPrefix("rounds="), fields.count == 3 {
            guard let value = Int(first.dropFirst(7)) else { return nil }
            rounds = min(max(value, 1000), Self.maximumRounds)
            fields.removeFirst()
        }
        guard fields.count == 2 else { return nil }
        let encodedLength = algorithm == .sha256 ? 43 : 86
        guard fields[1].utf8.count == encodedLength else { return nil }
        self.algorithm = algorithm
        self.rounds = rounds
        self.salt = Array(fields[0].utf8.prefix(16))
        self.encoded = Array(fields[1].utf8)
    }

    /// Whether `password` produces the stored digest.
    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equals(Array(Self.hash(password: password, salt: salt, rounds: rounds, algorithm: algorithm).utf8), encoded)
    }

    /// `bytes` repeated (and cut) to exactly `length` bytes.
    private static func stretch(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(length)
        while output.count + bytes.count <= length { output += bytes }
        output += bytes.prefix(length - output.count)
        return output
    }

    /// The encoded digest (without salt or rounds) of `password`.
    static func hash(password: [UInt8], salt: [UInt8], rounds: Int, algorithm: Algorithm) -> String {
        let size = algorithm.length
        let alternate = algorithm.digest(password + salt + password)
        var input = password + salt + stretch(alternate, to: password.count)
        // One entry per bit of the length, lowest first: the alternate digest for a 1, the password for a 0.
        var length = password.count
        while length > 0 {
            input += (length & 1) == 1 ? alternate : password
            length >>= 1
        }
        var digest = algorithm.digest(input)

        let passwordDigest = algorithm.digest(Array(repeating: password, count: password.count).flatMap { $0 })
        let p = stretch(passwordDigest, to: password.count)
        let saltDigest = algorithm.digest(Array(repeating: salt, count: 16 + Int(digest[0])).flatMap { $0 })
        let s = stretch(saltDigest, to: salt.count)

        var round = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(2 * size + 2 * p.count + s.count)
        while round < rounds {
            buffer.removeAll(keepingCapacity: true)
            buffer += (round & 1) == 1 ? p : digest
            if round % 3 != 0 { buffer += s }
            if round % 7 != 0 { buffer += p }
            buffer += (round & 1) == 1 ? digest : p
            digest = algorithm.digest(buffer)
            round += 1
        }
        return CryptBase64.encode(digest, groups: algorithm == .sha256 ? sha256Order : sha512Order)
    }

    /// The byte order of the SHA-256 encoding: ten triples, then bytes 31 and 30 as three characters.
    static let sha256Order: [(Int?, Int?, Int?, Int)] = [
        (0, 10, 20, 4), (21, 1, 11, 4), (12, 22, 2, 4), (3, 13, 23, 4), (24, 4, 14, 4),
        (15, 25, 5, 4), (6, 16, 26, 4), (27, 7, 17, 4), (18, 28, 8, 4), (9, 19, 29, 4), (nil, 31, 30, 3),
    ]

    /// The byte order of the SHA-512 encoding: 21 triples, then byte 63 as two characters.
    static let sha512Order: [(Int?, Int?, Int?, Int)] = [
        (0, 21, 42, 4), (22, 43, 1, 4), (44, 2, 23, 4), (3, 24, 45, 4), (25, 46, 4, 4), (47, 5, 26, 4),
        (6, 27, 48, 4), (28, 49, 7, 4), (50, 8, 29, 4), (9, 30, 51, 4), (31, 52, 10, 4), (53, 11, 32, 4),
        (12, 33, 54, 4), (34, 55, 13, 4), (56, 14, 35, 4), (15, 36, 57, 4), (37, 58, 16, 4), (59, 17, 38, 4),
        (18, 39, 60, 4), (40, 61, 19, 4), (62, 20, 41, 4), (nil, nil, 63, 2),
    ]
}
