/// The body of a `POST <broadcast_path>` (spec Part C §1.7/§1.8), decoded as Navigator's `json.Decoder` does:
/// only the first JSON value counts, `stream` must be a string, `data` is any JSON value (kept compact and
/// HTML-escaped, ready for the message frame), `type` and unknown keys are ignored.
public struct BroadcastRequest: Equatable, Sendable {
    /// Why a body was refused, with Navigator's 400 message.
    public enum Rejection: Error, Equatable, Sendable {
        /// Not JSON, not an object, or `stream` not a string: `Invalid JSON`.
        case invalidJSON
        /// `stream` empty or missing: `Stream required`.
        case streamRequired

        /// The response message (without the newline).
        public var message: String {
            switch self {
            case .invalidJSON: return "Invalid JSON"
            case .streamRequired: return "Stream required"
            }
        }
    }

    /// The stream to deliver to.
    public var stream: String
    /// The compact `data` value, or `nil` when the body had no `data` key (then the message has none either).
    public var data: [UInt8]?

    private static let decoder = GoStructDecoder(fields: ["stream": .string, "data": .raw])

    /// Creates a request directly.
    public init(stream: String, data: [UInt8]?) {
        self.stream = stream
        self.data = data
    }

    /// Decodes a body.
    public init(body: [UInt8]) throws(Rejection) {
        let fields: [String: GoStructDecoder.Value]
        do {
            fields = try Self.decoder.decode(body, requireEnd: false)
        } catch {
            throw .invalidJSON
        }
        guard case .string(let stream) = fields["stream"], !stream.isEmpty else { throw .streamRequired }
        self.stream = stream
        if case .raw(let data) = fields["data"] { self.data = data } else { self.data = nil }
    }
}
