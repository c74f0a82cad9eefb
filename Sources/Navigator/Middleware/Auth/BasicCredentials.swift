import FoundationEssentials
import HTTPTypes

/// HTTP Basic credentials (RFC 7617) as Go's `Request.BasicAuth` reads them: the scheme is case-insensitive,
/// the rest must be standard, padded base 64 of `user:password`.
struct BasicCredentials: Sendable, Equatable {
    /// The user name, trimmed of surrounding whitespace (as Navigator).
    let user: String
    /// The password bytes, exactly as sent.
    let password: [UInt8]

    /// Parses an `Authorization` header value; `nil` when absent, not Basic, or malformed.
    init?(authorization: String?) {
        guard let authorization, authorization.utf8.count > 6 else { return nil }
        let scheme = authorization.prefix(6)
        guard scheme.lowercased() == "basic " else { return nil }
        let encoded = String(authorization.dropFirst(6))
        guard let data = Data(base64Encoded: encoded) else { return nil }
        let bytes = Array(data)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        self.user = String(decoding: bytes[..<colon], as: UTF8.self).trimmingWhitespace().description
        self.password = Array(bytes[(colon + 1)...])
    }

    /// Reads the request's `Authorization` header.
    init?(headers: HTTPFields) {
        self.init(authorization: headers[.authorization])
    }
}
