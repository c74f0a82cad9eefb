import NavigatorCore
import NIOCore

/// The server → client text frames, byte for byte as Navigator's `json.Marshal` writes them (spec Part C §1.4):
/// keys in the order `type`, `stream`, `data`; compact; HTML-escaped strings.
public enum CableFrames {
    /// `{"type":"ping"}`, encoded once for every connection.
    public static let ping: ByteBuffer = ByteBuffer(string: #"{"type":"ping"}"#)

    /// `{"type":"subscribed","stream":…}`.
    public static func subscribed(stream: String) -> ByteBuffer {
        var bytes = Array(#"{"type":"subscribed","stream":"#.utf8)
        GoJSONString.append(stream, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: bytes)
    }

    /// `{"type":"message","stream":…,"data":…}`; `data` is the compact raw value, and the key is left out when `nil`.
    public static func message(stream: String, data: [UInt8]?) -> ByteBuffer {
        var bytes = Array(#"{"type":"message","stream":"#.utf8)
        bytes.reserveCapacity(bytes.count + stream.utf8.count + (data?.count ?? 0) + 12)
        GoJSONString.append(stream, to: &bytes)
        if let data {
            bytes.append(contentsOf: Array(#","data":"#.utf8))
            bytes.append(contentsOf: data)
        }
        bytes.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: bytes)
    }
}
