import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing
@testable import NavigatorCable

/// A broadcast frame encoded once must be the frame NIO's own encoder would write, at every length form.
struct EncodedFrameTests {
    /// What `WebSocketFrameEncoder` writes for an unmasked final text frame carrying `payload`.
    static func nioEncoding(of payload: ByteBuffer) throws -> ByteBuffer {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        try channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: payload)).wait()
        var wire = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) { wire.writeBuffer(&part) }
        _ = try channel.finish()
        return wire
    }

    @Test(arguments: [0, 1, 125, 126, 127, 65_535, 65_536, 70_000])
    func matchesNIOsEncoderAtEveryLengthForm(length: Int) throws {
        let payload = ByteBuffer(repeating: UInt8(ascii: "m"), count: length)
        let frame = EncodedFrame(text: payload)
        #expect(frame.wire == (try Self.nioEncoding(of: payload)))
        #expect(frame.payload == payload)
    }

    @Test func decodesBackToTheSamePayload() throws {
        let payload = ByteBuffer(string: #"{"type":"message","stream":"s","data":1}"#)
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder()))
        try channel.writeInbound(EncodedFrame(text: payload).wire)
        let frame = try #require(try channel.readInbound(as: WebSocketFrame.self))
        #expect(frame.fin && frame.opcode == .text && frame.maskKey == nil)
        #expect(frame.data == payload)
        _ = try channel.finish()
    }
}
