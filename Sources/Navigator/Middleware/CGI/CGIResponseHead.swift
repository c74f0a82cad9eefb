import HTTPTypes

/// The header section a CGI script prints before its body (RFC 3875 §6), parsed as it arrives.
struct CGIResponseHead: Sendable, Equatable {
    /// The status (`Status:`; 302 for a lone absolute `Location:`, RFC 3875 §6.2.3; else 200).
    var status: Int
    /// Every other header line, in order, repeated names kept (D18).
    var headers: [(name: String, value: String)]

    static func == (lhs: CGIResponseHead, rhs: CGIResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
    }

    /// Largest header section accepted; a script that prints more without a blank line gets a 502.
    static let maximumSize = 64 * 1024

    /// Finds the end of the header section in `bytes`: the index where the body starts, or `nil` if the blank line
    /// has not arrived yet. Accepts `\n\n` and `\r\n\r\n` (and mixtures).
    static func bodyStart(in bytes: [UInt8]) -> Int? {
        var index = 0
        var lineStart = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                let lineLength = index - lineStart
                if lineLength == 0 || (lineLength == 1 && bytes[lineStart] == UInt8(ascii: "\r")) {
                    return index + 1
                }
                lineStart = index + 1
            }
            index += 1
        }
        return nil
    }

    /// Parses the header lines in `bytes` (everything before the blank line). Lines without `:` are ignored.
    init(parsing bytes: ArraySlice<UInt8>) {
        var status: Int?
        var headers: [(name: String, value: String)] = []
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let line = String(decoding: rawLine, as: UTF8.self).trimmingWhitespace()
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]).trimmingWhitespace()
            let value = String(line[line.index(after: colon)...].trimmingWhitespace())
            guard !name.isEmpty else { continue }
            if name.lowercased() == "status" {
                status = Int(value.prefix { $0.isNumber })
                continue
            }
            headers.append((String(name), value))
        }
        if status == nil, let location = headers.first(where: { $0.name.lowercased() == "location" })?.value,
           location.contains("://") {
            status = 302
        }
        self.status = status.flatMap { (100...999).contains($0) ? $0 : nil } ?? 200
        self.headers = headers
    }

    /// The header fields for the response, without hop-by-hop fields a script must not control.
    var fields: HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            let lower = name.lowercased()
            if ["connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer"].contains(lower) { continue }
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return fields
    }
}
