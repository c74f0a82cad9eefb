import HTTPTypes
import NavigatorConfig
import NavigatorCore

/// The environment of one CGI request (RFC 3875 §4.1): the server's environment, then the script's `env`, then the
/// meta-variables, so a script's configuration can never spoof `REMOTE_ADDR` or `REMOTE_USER`.
enum CGIEnvironment {
    /// Builds the variables for `request` to `spec`. `base` is the server's own environment.
    static func variables(
        for request: Request, context: NavigatorRequestContext, spec: CGIScriptSpec, base: [(String, String)],
        remoteUser: String?
    ) -> [(String, String)] {
        var variables = base
        variables += spec.env.map { ($0.name, $0.value) }
        let host = request.head.authority ?? ""
        let (serverName, serverPort) = splitHost(host)
        var meta: [(String, String)] = [
            ("GATEWAY_INTERFACE", "CGI/1.1"),
            ("SERVER_PROTOCOL", context.httpVersion),
            ("SERVER_SOFTWARE", "Navigator"),
            ("SERVER_NAME", serverName.isEmpty ? "localhost" : serverName),
            ("SERVER_PORT", serverPort ?? "80"),
            ("REQUEST_METHOD", request.method.rawValue),
            ("QUERY_STRING", request.uri.query ?? ""),
            ("REQUEST_URI", request.uri.string),
            ("SCRIPT_NAME", spec.path),
            ("SCRIPT_FILENAME", spec.script),
            ("PATH_INFO", ""),
            // D18: the address only; the port is in REMOTE_PORT.
            ("REMOTE_ADDR", context.peer?.ip ?? "127.0.0.1"),
            ("REMOTE_HOST", context.peer?.ip ?? "127.0.0.1"),
            ("REMOTE_PORT", context.peer.map { String($0.port) } ?? ""),
        ]
        if let remoteUser {
            meta.append(("AUTH_TYPE", "Basic"))
            meta.append(("REMOTE_USER", remoteUser))
        }
        if let type = request.headers[.contentType] { meta.append(("CONTENT_TYPE", type)) }
        if let length = request.headers[.contentLength] { meta.append(("CONTENT_LENGTH", length)) }
        meta += httpVariables(request.headers)
        return variables + meta
    }

    /// `HTTP_<NAME>` for every header except those RFC 3875 gives their own variable, with repeated headers joined
    /// by `, `. `Proxy` is never passed: `HTTP_PROXY` would redirect the script's own HTTP client ("httpoxy").
    static func httpVariables(_ headers: HTTPFields) -> [(String, String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for field in headers {
            let lower = field.name.canonicalName
            if lower == "content-type" || lower == "content-length" || lower == "proxy" { continue }
            let name = "HTTP_" + lower.uppercased().replacing("-", with: "_")
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(field.value)
        }
        return order.map { ($0, values[$0]!.joined(separator: ", ")) }
    }

    /// `host[:port]` or `[v6][:port]` → name and port.
    static func splitHost(_ host: String) -> (String, String?) {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let name = String(host[...close])
            let rest = host[host.index(after: close)...]
            return (name, rest.hasPrefix(":") ? String(rest.dropFirst()) : nil)
        }
        if let colon = host.lastIndex(of: ":") {
            return (String(host[..<colon]), String(host[host.index(after: colon)...]))
        }
        return (host, nil)
    }
}
