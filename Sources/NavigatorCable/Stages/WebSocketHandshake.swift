import Foundation
import HTTPTypes
public import Hummingbird
public import NavigatorCore

/// The handshake checks Navigator's WebSocket library (gorilla) makes, in its order, with its answers: 400
/// `Bad Request` or 405 `Method Not Allowed`, always with `Sec-Websocket-Version: 13` (spec Part C §1.9).
public enum WebSocketHandshake {
    /// The header every refusal carries, spelled as gorilla spells it.
    static let versionHeader = HTTPField.Name("Sec-Websocket-Version")!

    /// Throws the refusal for `request`, or returns when it is a valid upgrade.
    public static func validate(_ request: Request) throws(HTTPFailure) {
        let headers = request.headers
        guard containsToken(headers, .connection, "upgrade"), containsToken(headers, .upgrade, "websocket") else {
            throw refusal(.badRequest)
        }
        guard request.method == .get else { throw refusal(.methodNotAllowed) }
        guard containsToken(headers, .secWebSocketVersion, "13") else { throw refusal(.badRequest) }
        guard let key = headers[.secWebSocketKey], let decoded = Data(base64Encoded: key), decoded.count == 16 else {
            throw refusal(.badRequest)
        }
    }

    /// Go's `http.Error(w, http.StatusText(status), status)` plus the version header.
    static func refusal(_ status: HTTPResponse.Status) -> HTTPFailure {
        HTTPFailure(status, status.reasonPhrase, headers: [versionHeader: "13"], responseType: "websocket")
    }

    /// Whether any comma-separated token of any `name` field equals `token`, ignoring case.
    static func containsToken(_ headers: HTTPFields, _ name: HTTPField.Name, _ token: String) -> Bool {
        headers[values: name].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == token }
        }
    }
}
