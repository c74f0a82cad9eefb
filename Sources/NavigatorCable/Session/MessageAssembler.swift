import NIOCore
import NIOWebSocket

/// Joins data frames into messages and enforces the inbound size limit (spec: 128 KiB, larger → close 1009).
/// A value-type state machine; single frames larger than the limit are already refused by the frame decoder.
struct MessageAssembler {
    /// The result of one frame.
    enum Step: Equatable {
        /// More fragments are needed.
        case incomplete
        /// A whole message.
        case message([UInt8])
        /// The message exceeds the limit: close with 1009.
        case tooLarge
        /// Fragments out of order: close with 1002.
        case protocolError
    }

    /// Largest message in bytes.
    let maxSize: Int
    private var partial: [UInt8]?

    /// An assembler with a limit.
    init(maxSize: Int) {
        self.maxSize = maxSize
    }

    /// Adds a text, binary or continuation frame.
    mutating func add(_ frame: WebSocketFrame) -> Step {
        var data = frame.unmaskedData
        let bytes = data.readBytes(length: data.readableBytes) ?? []
        switch frame.opcode {
        case .text, .binary:
            guard partial == nil else { return .protocolError }
            guard bytes.count <= maxSize else { return .tooLarge }
            if frame.fin { return .message(bytes) }
            partial = bytes
            return .incomplete
        case .continuation:
            guard var buffer = partial else { return .protocolError }
            guard buffer.count + bytes.count <= maxSize else {
                partial = nil
                return .tooLarge
            }
            buffer.append(contentsOf: bytes)
            if frame.fin {
                partial = nil
                return .message(buffer)
            }
            partial = buffer
            return .incomplete
        default:
            return .incomplete
        }
    }
}
