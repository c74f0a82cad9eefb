public import NIOCore

/// A server-to-client WebSocket text frame encoded once (RFC 6455 §5.2: unmasked, final, length in the shortest
/// form), so a broadcast's header and payload are built one time and the same bytes go to every subscriber.
public struct EncodedFrame: Sendable {
    /// The frame's payload.
    public let payload: ByteBuffer
    /// Header and payload as they go on the wire.
    public let wire: ByteBuffer

    /// Encodes `payload` as one final text frame.
    public init(text payload: ByteBuffer) {
        self.payload = payload
        let length = payload.readableBytes
        var wire = ByteBuffer()
        wire.reserveCapacity(length + 10)
        // FIN plus the text opcode.
        wire.writeInteger(UInt8(0x81))
        if length <= 125 {
            wire.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            wire.writeInteger(UInt8(126))
            wire.writeInteger(UInt16(length))
        } else {
            wire.writeInteger(UInt8(127))
            wire.writeInteger(UInt64(length))
        }
        var body = payload
        wire.writeBuffer(&body)
        self.wire = wire
    }
}
