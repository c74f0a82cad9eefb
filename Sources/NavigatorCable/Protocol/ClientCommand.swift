/// A client → server message (spec Part C §1.3), decoded as Navigator's `json.Unmarshal` into
/// `{type, stream}` would: anything that is not a well-formed message of a known type is `.ignored`.
public enum ClientCommand: Equatable, Sendable {
    /// `{"type":"subscribe","stream":S}` with a non-empty stream.
    case subscribe(String)
    /// `{"type":"unsubscribe","stream":S}` with a non-empty stream.
    case unsubscribe(String)
    /// `{"type":"pong"}`.
    case pong
    /// Invalid JSON, an unknown type, an empty stream: silently ignored, the connection stays open.
    case ignored

    private static let decoder = GoStructDecoder(fields: ["type": .string, "stream": .string])

    /// Decodes one message payload.
    public init(payload: [UInt8]) {
        guard let fields = try? Self.decoder.decode(payload, requireEnd: true) else {
            self = .ignored
            return
        }
        let type: String
        if case .string(let value) = fields["type"] { type = value } else { type = "" }
        var stream = ""
        if case .string(let value) = fields["stream"] { stream = value }
        switch type {
        case "subscribe" where !stream.isEmpty: self = .subscribe(stream)
        case "unsubscribe" where !stream.isEmpty: self = .unsubscribe(stream)
        case "pong": self = .pong
        default: self = .ignored
        }
    }
}
