/// `server.listen` forms (D6): a bare port, `:port`, `host:port` or `[v6]:port`.
enum ListenAddressParser {
    /// What `server.listen` expects, for error messages.
    static let expectation = "a port (3000), host:port (127.0.0.1:3000) or [v6]:port ([::1]:3000)"

    /// Parses the text form; `nil` when malformed. The port is not range-checked here.
    static func parse(_ text: String) -> ListenAddress? {
        let trimmed = text.trimmingBlanks
        if let port = portNumber(trimmed) { return ListenAddress(host: nil, port: port) }
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { return nil }
            let host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let after = trimmed[trimmed.index(after: close)...]
            guard after.hasPrefix(":"), !host.isEmpty, host.contains(":"),
                  let port = portNumber(String(after.dropFirst())) else { return nil }
            return ListenAddress(host: host, port: port)
        }
        guard let colon = trimmed.lastIndex(of: ":") else { return nil }
        let host = String(trimmed[..<colon])
        guard !host.contains(":"), let port = portNumber(String(trimmed[trimmed.index(after: colon)...])) else {
            return nil
        }
        return ListenAddress(host: host.isEmpty ? nil : host, port: port)
    }

    /// Digits only.
    private static func portNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
