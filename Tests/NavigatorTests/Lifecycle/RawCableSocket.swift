import NavigatorTestSupport

/// A `/cable` WebSocket on a raw socket: enough to hold a connection open and to read the server's close code.
final class RawCableSocket {
    private let socket: RawSocket
    /// Frame bytes that arrived with the 101 head.
    private var pending: [UInt8]

    /// Connects to 127.0.0.1:`port` and completes the upgrade (throws unless the answer is 101).
    init(port: Int, path: String = "/cable") throws {
        socket = try RawSocket(port: port)
        try socket.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let received = socket.readBytes(timeout: .seconds(30)) { Self.headEnd(in: $0) != nil }.bytes
        guard let end = Self.headEnd(in: received),
              String(decoding: received[..<end], as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw RawSocketError.failed("upgrade: \(String(decoding: received, as: UTF8.self))")
        }
        pending = Array(received[end...])
    }

    /// The code of the first close frame the server sends within `timeout`, or `nil`.
    func closeCode(timeout: Duration) -> Int? {
        let arrived = socket.readBytes(timeout: timeout) { Self.closeCode(in: self.pending + $0) != nil }.bytes
        return Self.closeCode(in: pending + arrived)
    }

    /// Index just past the `\r\n\r\n` ending the response head.
    static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index..<index + 4].elementsEqual([13, 10, 13, 10]) {
            return index + 4
        }
        return nil
    }

    /// Walks the (unmasked) server frames in `bytes` and returns the first close frame's code.
    static func closeCode(in bytes: [UInt8]) -> Int? {
        var offset = 0
        while offset + 2 <= bytes.count {
            let opcode = bytes[offset] & 0x0f
            var length = Int(bytes[offset + 1] & 0x7f)
            var payload = offset + 2
            if length == 126 {
                guard payload + 2 <= bytes.count else { return nil }
                length = Int(bytes[payload]) << 8 | Int(bytes[payload + 1])
                payload += 2
            } else if length == 127 {
                guard payload + 8 <= bytes.count else { return nil }
                length = bytes[payload..<payload + 8].reduce(0) { $0 << 8 | Int($1) }
                payload += 8
            }
            guard payload + length <= bytes.count else { return nil }
            if opcode == 0x8 {
                return length >= 2 ? Int(bytes[payload]) << 8 | Int(bytes[payload + 1]) : 1005
            }
            offset = payload + length
        }
        return nil
    }
}
