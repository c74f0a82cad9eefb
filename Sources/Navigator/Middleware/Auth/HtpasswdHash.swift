/// One user's stored hash, classified once when the file is read.
struct HtpasswdHash: Sendable {
    /// How expensive checking it is, which decides where it runs.
    enum Cost: Sendable {
        /// Microseconds: checked inline.
        case cheap
        /// bcrypt, SHA-crypt, MD5-crypt, DES: checked on the hashing thread pool.
        case expensive
    }

    /// The format's name, for logs (`bcrypt`, `apr1`, `md5-crypt`, `sha`, `ssha`, `sha256-crypt`, `sha512-crypt`,
    /// `des-crypt`, `plain`, `invalid`).
    let format: String
    /// Where checking it runs.
    let cost: Cost
    /// The checks that may accept a password (a 13-character crypt-alphabet string is tried as DES crypt and as
    /// plaintext, since Navigator compared such lines as plaintext).
    private let schemes: [any PasswordHashScheme]

    /// Classifies `text` (the part of the line after the first `:`).
    ///
    /// A string with a recognised prefix that does not parse (`$2y$` with a bad length…) never matches, rather than
    /// being compared as plaintext; everything unrecognised is plaintext, as Navigator.
    init(_ text: String) {
        func invalid() -> (String, Cost, [any PasswordHashScheme]) { ("invalid", .cheap, []) }
        func system(_ format: String, _ shape: CryptShape) -> (String, Cost, [any PasswordHashScheme]) {
            SystemCrypt(text, shape: shape).map { (format, .expensive, [$0]) } ?? invalid()
        }
        let parsed: (String, Cost, [any PasswordHashScheme])
        if text.hasPrefix("$2") {
            parsed = system("bcrypt", .bcrypt)
        } else if text.hasPrefix(APR1Crypt.magic) {
            parsed = APR1Crypt(text).map { ("apr1", .expensive, [$0]) } ?? invalid()
        } else if text.hasPrefix("$1$") {
            parsed = system("md5-crypt", .md5)
        } else if text.hasPrefix("$5$") {
            parsed = system("sha256-crypt", .sha(digestCharacters: 43))
        } else if text.hasPrefix("$6$") {
            parsed = system("sha512-crypt", .sha(digestCharacters: 86))
        } else if text.hasPrefix("{SHA}") {
            parsed = SHA1Scheme(text).map { ("sha", .cheap, [$0]) } ?? invalid()
        } else if text.hasPrefix("{SSHA}") {
            parsed = SHA1Scheme(text).map { ("ssha", .cheap, [$0]) } ?? invalid()
        } else if text.hasPrefix("{PLAIN}") {
            parsed = ("plain", .cheap, [PlainScheme(password: Array(text.utf8.dropFirst(7)))])
        } else if let des = SystemCrypt(text, shape: .des) {
            parsed = ("des-crypt", .expensive, [des, PlainScheme(password: Array(text.utf8))])
        } else {
            parsed = ("plain", .cheap, [PlainScheme(password: Array(text.utf8))])
        }
        (format, cost, schemes) = parsed
    }

    /// Whether `password` matches. Every candidate scheme is evaluated, so the time does not reveal which matched.
    func verify(_ password: [UInt8]) -> Bool {
        var matched = false
        for scheme in schemes where scheme.verify(password) { matched = true }
        return matched
    }
}
