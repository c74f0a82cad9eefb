public import Logging

/// The fields of Navigator's `Broadcast sent` line (spec Part B §4): `stream`, `connections`, and the data either
/// whole (`message`, up to 500 bytes) or as `message_bytes` + `message_preview` (first 200 characters + `...`).
public enum BroadcastLog {
    /// Largest data logged whole.
    static let wholeLimit = 500
    /// Characters in a preview.
    static let previewLength = 200

    /// Metadata for one broadcast.
    public static func metadata(stream: String, connections: Int, data: [UInt8]?) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["stream": .string(stream), "connections": "\(connections)"]
        let text = String(decoding: data ?? [], as: UTF8.self)
        if (data?.count ?? 0) <= wholeLimit {
            metadata["message"] = .string(text)
        } else {
            metadata["message_bytes"] = "\(data?.count ?? 0)"
            metadata["message_preview"] = .string(String(text.prefix(previewLength)) + "...")
        }
        return metadata
    }
}
