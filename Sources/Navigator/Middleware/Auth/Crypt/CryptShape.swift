/// The form of each hash family libxcrypt checks, so that a malformed line is classified `invalid` when the file
/// is read instead of failing silently on every login.
enum CryptShape: Sendable {
    /// `$2?$NN$` + 22 characters of salt and 31 of hash; cost 04–31.
    case bcrypt
    /// `$1$salt$` + 22 characters.
    case md5
    /// `$5$` or `$6$`, optional `rounds=N$` (1,000 to 999,999,999: libxcrypt refuses fewer, where Drepper's
    /// specification raised them to 1,000), salt of at most 16 characters, then 43 or 86 characters.
    case sha(digestCharacters: Int)
    /// 13 characters of the crypt alphabet (2 of salt, 11 of hash).
    case des

    /// Whether `hash` has this form.
    func matches(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        switch self {
        case .bcrypt:
            guard bytes.count == 60, bytes[0] == Self.dollar, bytes[1] == UInt8(ascii: "2"),
                  [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "x"), UInt8(ascii: "y")].contains(bytes[2]),
                  bytes[3] == Self.dollar, bytes[6] == Self.dollar,
                  let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost)
            else { return false }
            return Self.isCryptAlphabet(bytes[7...])
        case .md5:
            guard hash.hasPrefix("$1$") else { return false }
            return Self.saltAndDigest(bytes.dropFirst(3), maximumSalt: 8, digestCharacters: 22)
        case .sha(let digestCharacters):
            var rest = bytes.dropFirst(3)
            let roundsPrefix = Array("rounds=".utf8)
            if rest.starts(with: roundsPrefix) {
                let digits = rest.dropFirst(roundsPrefix.count).prefix { $0 != Self.dollar }
                guard let rounds = Int(String(decoding: digits, as: UTF8.self)), (1_000...999_999_999).contains(rounds),
                      digits.endIndex < rest.endIndex
                else { return false }
                rest = rest[rest.index(after: digits.endIndex)...]
            }
            return Self.saltAndDigest(rest, maximumSalt: 16, digestCharacters: digestCharacters)
        case .des:
            return bytes.count == 13 && Self.isCryptAlphabet(bytes[...])
        }
    }

    private static let dollar = UInt8(ascii: "$")

    /// `salt$digest` with a salt of at most `maximumSalt` characters and a digest of exactly `digestCharacters`.
    private static func saltAndDigest(_ rest: ArraySlice<UInt8>, maximumSalt: Int, digestCharacters: Int) -> Bool {
        guard let separator = rest.firstIndex(of: dollar) else { return false }
        let digest = rest[rest.index(after: separator)...]
        return rest.distance(from: rest.startIndex, to: separator) <= maximumSalt
            && digest.count == digestCharacters && isCryptAlphabet(digest)
    }

    /// Whether every byte is one of `./0-9A-Za-z`.
    private static func isCryptAlphabet(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { byte in
            (UInt8(ascii: ".")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        }
    }
}
