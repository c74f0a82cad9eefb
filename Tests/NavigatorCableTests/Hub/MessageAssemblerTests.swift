import NIOCore
import NIOWebSocket
import Testing
@testable import NavigatorCable

/// Fragment joining and the inbound size limit (1009), without I/O.
struct MessageAssemblerTests {
    func frame(_ opcode: WebSocketOpcode, _ size: Int, fin: Bool = true) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, data: ByteBuffer(repeating: UInt8(ascii: "a"), count: size))
    }

    @Test func joinsFragmentsUpToTheLimit() {
        var assembler = MessageAssembler(maxSize: 10)
        #expect(assembler.add(frame(.text, 4, fin: false)) == .incomplete)
        #expect(assembler.add(frame(.continuation, 6)) == .message(Array(repeating: UInt8(ascii: "a"), count: 10)))
    }

    @Test func refusesOversizedMessagesWholeOrFragmented() {
        var assembler = MessageAssembler(maxSize: 10)
        #expect(assembler.add(frame(.text, 11)) == .tooLarge)
        #expect(assembler.add(frame(.text, 6, fin: false)) == .incomplete)
        #expect(assembler.add(frame(.continuation, 5)) == .tooLarge)
    }

    @Test func continuationWithoutStartIsAProtocolError() {
        var assembler = MessageAssembler(maxSize: 10)
        #expect(assembler.add(frame(.continuation, 1)) == .protocolError)
    }
}
