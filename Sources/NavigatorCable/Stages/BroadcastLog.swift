public import Logging
import NavigatorCore

/// The fields of Navigator's `Broadcast sent` line (spec Part B §4): `stream`, `connections`, and the data either
/// whole (`message`, up to 500 bytes) or as `message_bytes` + `message_preview` (first 200 characters + `...`).
public enum BroadcastLog {
    /// Largest data logged whole.
    static let wholeLimit = 500
    /// Characters in a preview.
    static let previewLength = 200

    /// Metadata for one broadcast.
    public static func metadata(stream: String, connections: Int, data: [UInt8]?) -> Logger.Metadata {
        let text = String(decoding: data ?? [], as: UTF8.self)
        // Navigator's attribute order: stream, connections, then the data.
        if (data?.count ?? 0) <= wholeLimit {
            return .ordered(["stream": .string(stream), "connections": "\(connections)", "message": .string(text)])
        }
        return .ordered([
            "stream": .string(stream), "connections": "\(connections)", "message_bytes": "\(data?.count ?? 0)",
            "message_preview": .string(String(text.prefix(previewLength)) + "..."),
        ])
    }
}
