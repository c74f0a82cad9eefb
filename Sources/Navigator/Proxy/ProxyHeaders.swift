public import HTTPTypes
public import NIOHTTP1

/// Header rules of the proxies (F20, F33, D7): hop-by-hop headers removed both ways, `Host` kept, forwarding
/// headers set for tenants.
public enum ProxyHeaders {
    /// Hop-by-hop headers (RFC 9110 §7.6.1 plus the legacy `Proxy-Connection` and `Keep-Alive`).
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "trailers", "transfer-encoding", "upgrade",
    ]

    /// Whether `name` (any case) must not cross a proxy, given the `Connection` tokens of the same message.
    static func isHopByHop(_ name: String, connectionTokens: Set<String>) -> Bool {
        // Without `Connection` tokens (nearly every message) no lower-cased copy is made: names longer than 15
        // bytes, as most forwarded ones are, cost an allocation each to lower-case.
        guard !connectionTokens.isEmpty else {
            return hopByHop.contains { equalsIgnoringASCIICase(name, lowercased: $0) }
        }
        let lowered = name.lowercased()
        return hopByHop.contains(lowered) || connectionTokens.contains(lowered)
    }

    /// Whether `name` equals `lowercased` (already lower case) when ASCII letters are compared without case.
    static func equalsIgnoringASCIICase(_ name: String, lowercased: String) -> Bool {
        guard name.utf8.count == lowercased.utf8.count else { return false }
        return zip(name.utf8, lowercased.utf8).allSatisfy { byte, lower in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == lower
        }
    }

    /// The lower-cased tokens listed in `Connection` headers.
    static func connectionTokens(_ values: [String]) -> Set<String> {
        var tokens: Set<String> = []
        for value in values {
            for token in value.split(separator: ",") {
                let trimmed = token.trimmedOf(" \t").lowercased()
                if !trimmed.isEmpty { tokens.insert(trimmed) }
            }
        }
        return tokens
    }

    /// The upstream request headers: the client's minus hop-by-hop, in order, repeated fields kept.
    public static func upstreamRequestHeaders(from fields: HTTPFields) -> HTTPHeaders {
        let tokens = connectionTokens(fields[values: .connection])
        var headers = HTTPHeaders()
        for field in fields where !isHopByHop(field.name.rawName, connectionTokens: tokens) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        return headers
    }

    /// Sets the tenant forwarding headers (F20, D7): `X-Forwarded-For` = incoming list + `, ` + peer IP (or just the
    /// peer IP); `X-Forwarded-Proto` = incoming or `http`; `X-Forwarded-Host` = incoming when `trustProxy`, else `Host`.
    public static func addForwardingHeaders(
        to headers: inout HTTPHeaders, incoming fields: HTTPFields, peerIP: String?, authority: String?, trustProxy: Bool
    ) {
        let incomingFor = fields[values: HTTPField.Name("X-Forwarded-For")!].joined(separator: ", ")
        if let peerIP {
            headers.replaceOrAdd(name: "X-Forwarded-For", value: incomingFor.isEmpty ? peerIP : incomingFor + ", " + peerIP)
        }
        let proto = fields[HTTPField.Name("X-Forwarded-Proto")!] ?? ""
        headers.replaceOrAdd(name: "X-Forwarded-Proto", value: proto.isEmpty ? "http" : proto)
        let incomingHost = fields[HTTPField.Name("X-Forwarded-Host")!] ?? ""
        if trustProxy && !incomingHost.isEmpty {
            headers.replaceOrAdd(name: "X-Forwarded-Host", value: incomingHost)
        } else if let host = authority, !host.isEmpty {
            headers.replaceOrAdd(name: "X-Forwarded-Host", value: host)
        } else {
            headers.remove(name: "X-Forwarded-Host")
        }
    }

    /// The response headers for the client: the upstream's minus hop-by-hop, every repeated field (`Set-Cookie`)
    /// kept in order.
    public static func downstreamResponseHeaders(from headers: HTTPHeaders) -> HTTPFields {
        let tokens = connectionTokens(headers[canonicalForm: "connection"].map(String.init))
        var fields = HTTPFields()
        fields.reserveCapacity(headers.count)
        for (name, value) in headers where !isHopByHop(name, connectionTokens: tokens) {
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return fields
    }
}

extension StringProtocol {
    /// Without leading and trailing characters from `set`.
    fileprivate func trimmedOf(_ set: String) -> String {
        let drop: (Character) -> Bool = { set.contains($0) }
        return String(String(self.drop(while: drop)).reversed().drop(while: drop).reversed())
    }
}
