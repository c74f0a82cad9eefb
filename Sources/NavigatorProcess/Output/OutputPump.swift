import NIOCore
import NIOPosix

/// Reads a child's pipe on NIO's event loops and hands over complete lines (no thread per pipe).
enum OutputPump {
    /// Takes ownership of `fd` (the read end of a pipe) and calls `onLine` for every line until EOF.
    static func start(fd: Int32, onLine: @escaping @Sendable (String) -> Void, onClose: @escaping @Sendable () -> Void) {
        let future = NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LineSplitter(onLine: onLine, onClose: onClose))
                }
            }
            .takingOwnershipOfDescriptor(input: fd)
        future.whenFailure { _ in
            close(fd)
            onClose()
        }
    }
}

/// Splits a byte stream into lines (`\n`, with a trailing `\r` removed); very long lines are cut at 64 KiB.
final class LineSplitter: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    static let maximumLineLength = 64 * 1024
    private let onLine: @Sendable (String) -> Void
    private let onClose: @Sendable () -> Void
    private var pending: [UInt8] = []

    init(onLine: @escaping @Sendable (String) -> Void, onClose: @escaping @Sendable () -> Void) {
        self.onLine = onLine
        self.onClose = onClose
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { bytes in
            var rest = bytes[...]
            while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
                append(rest[..<newline])
                emit()
                rest = rest[(newline + 1)...]
            }
            append(rest)
        }
    }

    /// Adds part of a line, emitting it each time it reaches the maximum length.
    private func append(_ bytes: Slice<UnsafeRawBufferPointer>) {
        var bytes = bytes
        while pending.count + bytes.count >= Self.maximumLineLength {
            let room = Self.maximumLineLength - pending.count
            pending.append(contentsOf: bytes.prefix(room))
            bytes = bytes.dropFirst(room)
            emit()
        }
        pending.append(contentsOf: bytes)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !pending.isEmpty { emit() }
        onClose()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func emit() {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        onLine(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
