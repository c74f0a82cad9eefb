import HTTPTypes
import NIOCore
import NavigatorCore

/// The response Go's `http.Redirect` writes for a rule redirect (F10).
///
/// GET gets `Content-Type: text/html; charset=utf-8` and the body `<a href="…">Found</a>.` plus two newlines
/// (the href HTML-escaped, the text the status's reason phrase); HEAD gets the same headers without the body;
/// every other method gets only `Location`.
enum RedirectResponse {
    /// Builds the redirect to `location` (already resolved) with `status`.
    static func make(status: Int, location: String, method: HTTPRequest.Method) -> Response {
        let code = (100...999).contains(status) ? status : 302
        let reason = reasonPhrase(code)
        var headers: HTTPFields = [.location: RedirectTarget.headerValue(location)]
        let responseStatus = HTTPResponse.Status(code: code, reasonPhrase: reason)
        guard method == .get || method == .head else {
            return Response(status: responseStatus, headers: headers)
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let body = ByteBuffer(string: "<a href=\"" + htmlEscape(location) + "\">" + reason + "</a>.\n\n")
        if method == .head {
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: responseStatus, headers: headers)
        }
        return Response(status: responseStatus, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// Go's `StatusText` for the statuses a redirect rule can carry; empty for anything else.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 305: "Use Proxy"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        default: ""
        }
    }

    /// Go's `htmlEscape` in net/http: `&`, `'`, `<`, `>`, `"`.
    static func htmlEscape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "'": output += "&#39;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&#34;"
            default: output.append(character)
            }
        }
        return output
    }
}
