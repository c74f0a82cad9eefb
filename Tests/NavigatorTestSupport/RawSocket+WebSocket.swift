/// The WebSocket bytes live tests write on a `RawSocket`.
extension RawSocket {
    /// A client handshake for `path` (RFC 6455's sample key, whose accept value is `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`).
    public static func webSocketHandshake(path: String, host: String = "127.0.0.1") -> String {
        "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    }

    /// A masked client text frame carrying `text` (under 126 bytes).
    public static func maskedTextFrame(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        precondition(payload.count < 126, "a short frame only")
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        return [0x81, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    }
}
