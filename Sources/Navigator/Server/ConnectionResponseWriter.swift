#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import NavigatorCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Writes one response from `HTTPConnectionHandler`'s place in the channel pipeline.
///
/// Every touch of the channel happens on its event loop: directly when the task already runs there (NIO's loops
/// are the global executor in the server), through the loop otherwise. An in-memory body goes out with its head in
/// one flush; a streamed body is flushed chunk by chunk and waits while the socket is not writable, so a slow client
/// holds back the producer instead of filling memory. A file body is sent with `sendfile(2)` (`FileSendingWriter`).
///
/// The head says the request's HTTP version and how the connection goes on: `Connection: close` when it will close
/// (HTTP/1.1), `Connection: keep-alive` for an HTTP/1.0 client that asked to keep it; an HTTP/1.0 response of
/// unknown length is ended by closing the connection, as HTTP/1.0 has no chunked framing.
final class ConnectionResponseWriter: @unchecked Sendable {
    // @unchecked: `context`, `handler` and the mutable state are only touched on `eventLoop` (`EventLoop.run`).
    private let context: ChannelHandlerContext
    private let handler: HTTPConnectionHandler
    private let eventLoop: any EventLoop
    private let version: HTTPVersion
    private let headRequest: Bool
    private var keepAlive: Bool
    private var head: HTTPResponseHead?
    private var deferFlush = false
    private var unflushed = 0
    private var finished = false
    private var lastWrite: EventLoopFuture<Void>?

    /// Most bytes an in-memory body keeps unflushed before it is flushed anyway.
    static let deferredFlushLimit = 64 * 1024

    /// A writer for the response to a request of `version`; `keepAlive` says whether the connection may go on.
    init(context: ChannelHandlerContext, handler: HTTPConnectionHandler, version: HTTPVersion, keepAlive: Bool, headRequest: Bool) {
        self.context = context
        self.handler = handler
        self.eventLoop = context.eventLoop
        self.version = version.minor >= 1 ? .http1_1 : .http1_0
        self.keepAlive = keepAlive
        self.headRequest = headRequest
    }

    /// Writes `response` and reports the outcome to the handler.
    func send(_ response: Response, inMemory: Bool) async {
        var ok = true
        do {
            try await eventLoop.run {
                self.head = self.responseHead(response.head)
                self.deferFlush = inMemory
            }
            try await response.body.write(BodyWriter(owner: self))
            // A body closure that forgot `finish` still ends the response.
            try await finish(nil)
        } catch {
            ok = false
        }
        try? await eventLoop.run { [ok] in
            self.handler.responseEnded(ok: ok, keepAlive: self.keepAlive, written: self.lastWrite)
        }
    }

    /// Hands the connection over to WebSocket frames once a stage accepted the upgrade.
    func switchToWebSocket(_ acceptance: UpgradeSlot.Acceptance, request: Request) async {
        try? await eventLoop.run { self.handler.switchToWebSocket(acceptance, request: request) }
    }

    /// The NIO head for `response`: this request's version and the connection's fate.
    private func responseHead(_ response: HTTPResponse) -> HTTPResponseHead {
        var head = HTTPResponseHead(
            version: version,
            status: HTTPResponseStatus(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase),
            headers: HTTPHeaders(response.headerFields))
        if head.headers.first(name: "connection")?.lowercased() == "close" { keepAlive = false }
        let framed = headRequest || head.headers.contains(name: "content-length") || !head.status.mayHaveResponseBody
        if version == .http1_0, !framed { keepAlive = false }
        head.headers.remove(name: "connection")
        if !keepAlive, version == .http1_1 {
            head.headers.add(name: "Connection", value: "close")
        } else if keepAlive, version == .http1_0 {
            head.headers.add(name: "Connection", value: "keep-alive")
        }
        return head
    }

    /// Writes a body chunk (after the head, on first use).
    fileprivate func write(_ buffer: ByteBuffer) async throws {
        let pending: EventLoopFuture<Void>? = try await eventLoop.run {
            guard self.context.channel.isActive else { throw ChannelError.ioOnClosedChannel }
            self.writeHeadIfNeeded()
            if self.deferFlush, self.unflushed + buffer.readableBytes <= Self.deferredFlushLimit {
                self.unflushed += buffer.readableBytes
                self.context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
                return nil
            }
            self.unflushed = 0
            let promise = self.eventLoop.makePromise(of: Void.self)
            self.context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: promise)
            return self.context.channel.isWritable ? nil : promise.futureResult
        }
        try await pending?.get()
    }

    /// Sends part of a file as a `FileRegion` (`sendfile(2)`); waits until the kernel has taken all of it.
    fileprivate func sendFile(path: String, offset: Int64, count: Int64) async throws {
        let written: EventLoopFuture<Void> = try await eventLoop.run {
            guard self.context.channel.isActive else { throw ChannelError.ioOnClosedChannel }
            // Opened on the loop, as the small files are read: an `open` of a cached path takes microseconds.
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
            let region = FileRegion(fileHandle: handle, readerIndex: Int(offset), endIndex: Int(offset + count))
            self.writeHeadIfNeeded()
            self.unflushed = 0
            let promise = self.eventLoop.makePromise(of: Void.self)
            self.context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))), promise: promise)
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
            let promise = self.eventLoop.makePromise(of: Void.self)
            self.context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(trailers.map { HTTPHeaders($0) })), promise: promise)
            self.lastWrite = promise.futureResult
        }
    }

    private func writeHeadIfNeeded() {
        guard let head else { return }
        self.head = nil
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
    }

    /// The `ResponseBodyWriter` handed to the response body.
    fileprivate struct BodyWriter: ResponseBodyWriter {
        let owner: ConnectionResponseWriter

        mutating func write(_ buffer: ByteBuffer) async throws {
            try await owner.write(buffer)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            try await owner.finish(trailingHeaders)
        }
    }
}

extension ConnectionResponseWriter.BodyWriter: FileSendingWriter {
    mutating func sendFile(path: String, offset: Int64, count: Int64) async throws -> Bool {
        try await owner.sendFile(path: path, offset: offset, count: count)
        return true
    }
}
