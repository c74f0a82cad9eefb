import FoundationEssentials
import HTTPTypes
public import NavigatorCore

/// The handshake checks Navigator's WebSocket library (gorilla) makes, in its order, with its answers: 400
/// `Bad Request` or 405 `Method Not Allowed`, always with `Sec-Websocket-Version: 13` (spec Part C §1.9).
public enum WebSocketHandshake {
    /// The header every refusal carries, spelled as gorilla spells it.
    static let versionHeader = HTTPField.Name("Sec-Websocket-Version")!

    /// Throws the refusal for `request`, or returns when it is a valid upgrade.
    public static func validate(_ request: Request) throws(HTTPFailure) {
        let headers = request.headers
        guard headers.containsToken(.connection, "upgrade"), headers.containsToken(.upgrade, "websocket") else {
            throw refusal(.badRequest)
        }
        guard request.method == .get else { throw refusal(.methodNotAllowed) }
        guard headers.containsToken(.secWebSocketVersion, "13") else { throw refusal(.badRequest) }
        guard let key = headers[.secWebSocketKey], let decoded = Data(base64Encoded: key), decoded.count == 16 else {
            throw refusal(.badRequest)
        }
    }

    /// Go's `http.Error(w, http.StatusText(status), status)` plus the version header.
    static func refusal(_ status: HTTPResponse.Status) -> HTTPFailure {
        HTTPFailure(status, status.reasonPhrase, headers: [versionHeader: "13"], responseType: "websocket")
    }
}
