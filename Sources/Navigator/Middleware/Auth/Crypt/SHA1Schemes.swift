import Crypto
import FoundationEssentials

/// `{SHA}base64(SHA-1(password))` (`htpasswd -s`) and `{SSHA}base64(SHA-1(password + salt) + salt)` (OpenLDAP).
struct SHA1Scheme: PasswordHashScheme {
    /// The 20-byte digest.
    let digest: [UInt8]
    /// The salt (`{SSHA}` only; empty for `{SHA}`).
    let salt: [UInt8]

    /// Parses `{SHA}…` or `{SSHA}…`; `nil` when the base 64 or its length is wrong.
    init?(_ hash: String) {
        if hash.hasPrefix("{SHA}") {
            guard let decoded = Data(base64Encoded: String(hash.dropFirst(5))), decoded.count == 20 else { return nil }
            self.digest = Array(decoded)
            self.salt = []
        } else if hash.hasPrefix("{SSHA}") {
            guard let decoded = Data(base64Encoded: String(hash.dropFirst(6))), decoded.count > 20 else { return nil }
            self.digest = Array(decoded.prefix(20))
            self.salt = Array(decoded.dropFirst(20))
        } else {
            return nil
        }
    }

    /// Whether SHA-1 of `password` + salt equals the stored digest.
    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equals(Array(Insecure.SHA1.hash(data: password + salt)), digest)
    }
}

/// A password stored as is: `{PLAIN}password`, or any line no other scheme claims (as Navigator).
struct PlainScheme: PasswordHashScheme {
    /// The stored password bytes.
    let password: [UInt8]

    /// Compares in constant time.
    func verify(_ candidate: [UInt8]) -> Bool {
        ConstantTime.equals(candidate, password)
    }
}
