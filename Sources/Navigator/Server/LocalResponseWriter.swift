#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Writes one locally answered response from `LocalExchangeHandler`'s place in the channel pipeline.
///
/// Every touch of the channel happens on its event loop: directly when the task already runs there (NIO's loops
/// are the global executor in the server), through the loop otherwise. An in-memory body goes out with its head in
/// one flush, as Hummingbird's writer does; a streamed body is flushed chunk by chunk and waits while the socket
/// is not writable, so a slow client holds back the producer instead of filling memory. A file body is sent with
/// `sendfile(2)` (`FileSendingWriter`).
final class LocalResponseWriter: @unchecked Sendable {
    // @unchecked: `context`, `handler` and the mutable state are only touched on `eventLoop` (`EventLoop.run`).
    private let context: ChannelHandlerContext
    private let handler: LocalExchangeHandler
    private let eventLoop: any EventLoop
    private var head: HTTPResponse?
    private var deferFlush = false
    private var unflushed = 0
    private var finished = false

    /// Most bytes an in-memory body keeps unflushed before it is flushed anyway.
    static let deferredFlushLimit = 64 * 1024

    init(context: ChannelHandlerContext, handler: LocalExchangeHandler) {
        self.context = context
        self.handler = handler
        self.eventLoop = context.eventLoop
    }

    /// Writes `response` and reports the outcome to the handler.
    func send(_ response: Response, inMemory: Bool) async {
        var ok = true
        do {
            try await eventLoop.run {
                self.head = response.head
                self.deferFlush = inMemory
            }
            try await response.body.write(BodyWriter(owner: self))
            // A body closure that forgot `finish` still ends the response.
            try await finish(nil)
        } catch {
            ok = false
        }
        try? await eventLoop.run { [ok] in self.handler.localResponseEnded(context: self.context, ok: ok) }
    }

    /// Writes a body chunk (after the head, on first use).
    fileprivate func write(_ buffer: ByteBuffer) async throws {
        let pending: EventLoopFuture<Void>? = try await eventLoop.run {
            guard self.context.channel.isActive else { throw ChannelError.ioOnClosedChannel }
            self.writeHeadIfNeeded()
            if self.deferFlush, self.unflushed + buffer.readableBytes <= Self.deferredFlushLimit {
                self.unflushed += buffer.readableBytes
                self.context.write(NIOAny(HTTPResponsePart.body(buffer)), promise: nil)
                return nil
            }
            self.unflushed = 0
            let promise = self.eventLoop.makePromise(of: Void.self)
            self.context.writeAndFlush(NIOAny(HTTPResponsePart.body(buffer)), promise: promise)
            return self.context.channel.isWritable ? nil : promise.futureResult
        }
        try await pending?.get()
    }

    /// Sends part of a file as a `FileRegion` (`sendfile(2)`), written below the HTTP-types codec, whose body
    /// parts can only be byte buffers; waits until the kernel has taken all of it.
    fileprivate func sendFile(path: String, offset: Int64, count: Int64) async throws {
        let written: EventLoopFuture<Void> = try await eventLoop.run {
            guard self.context.channel.isActive else { throw ChannelError.ioOnClosedChannel }
            let codec = try self.context.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
            // Opened on the loop, as the small files are read: an `open` of a cached path takes microseconds.
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
            let region = FileRegion(fileHandle: handle, readerIndex: Int(offset), endIndex: Int(offset + count))
            self.writeHeadIfNeeded()
            self.unflushed = 0
            let promise = self.eventLoop.makePromise(of: Void.self)
            codec.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))), promise: promise)
            promise.futureResult.whenComplete { _ in try? handle.close() }
            return promise.futureResult
        }
        try await written.get()
    }

    /// Ends the response (once) and flushes it.
    fileprivate func finish(_ trailers: HTTPFields?) async throws {
        try await eventLoop.run {
            guard !self.finished else { return }
            self.finished = true
            guard self.context.channel.isActive else { throw ChannelError.ioOnClosedChannel }
            self.writeHeadIfNeeded()
            self.context.writeAndFlush(NIOAny(HTTPResponsePart.end(trailers)), promise: nil)
        }
    }

    private func writeHeadIfNeeded() {
        guard let head else { return }
        self.head = nil
        context.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
    }

    /// The `ResponseBodyWriter` handed to the response body.
    fileprivate struct BodyWriter: ResponseBodyWriter {
        let owner: LocalResponseWriter

        mutating func write(_ buffer: ByteBuffer) async throws {
            try await owner.write(buffer)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            try await owner.finish(trailingHeaders)
        }
    }
}

extension LocalResponseWriter.BodyWriter: FileSendingWriter {
    mutating func sendFile(path: String, offset: Int64, count: Int64) async throws -> Bool {
        try await owner.sendFile(path: path, offset: offset, count: count)
        return true
    }
}
