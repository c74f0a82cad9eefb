import FoundationEssentials
import HTTPTypes
public import NavigatorCore

/// The handshake checks Navigator's WebSocket library (gorilla) makes, in its order, with its answers: 400
/// `Bad Request` or 405 `Method Not Allowed`, always with `Sec-Websocket-Version: 13` (spec Part C §1.9).
public enum WebSocketHandshake {
    /// The header every refusal carries, spelled as gorilla spells it.
    static let versionHeader = HTTPField.Name("Sec-Websocket-Version")!

    /// The status and gorilla's error text for a request that is not a valid upgrade; `nil` for a valid one.
    public static func problem(with request: Request) -> (status: HTTPResponse.Status, error: String)? {
        let headers = request.headers
        let notWebSocket = "websocket: the client is not using the websocket protocol: "
        guard headers.containsToken(.connection, "upgrade") else {
            return (.badRequest, notWebSocket + "'upgrade' token not found in 'Connection' header")
        }
        guard headers.containsToken(.upgrade, "websocket") else {
            return (.badRequest, notWebSocket + "'websocket' token not found in 'Upgrade' header")
        }
        guard request.method == .get else { return (.methodNotAllowed, notWebSocket + "request method is not GET") }
        guard headers.containsToken(.secWebSocketVersion, "13") else {
            return (.badRequest, "websocket: unsupported version: 13 not found in 'Sec-Websocket-Version' header")
        }
        guard let key = headers[.secWebSocketKey], let decoded = Data(base64Encoded: key), decoded.count == 16 else {
            return (.badRequest, "websocket: not a websocket handshake: 'Sec-WebSocket-Key' header must be Base64 encoded value of 16-byte in length")
        }
        return nil
    }

    /// Go's `http.Error(w, http.StatusText(status), status)` plus the version header.
    static func refusal(_ status: HTTPResponse.Status) -> HTTPFailure {
        HTTPFailure(status, status.reasonPhrase, headers: [versionHeader: "13"], responseType: "websocket")
    }
}
