public import NavigatorConfig
public import NavigatorCore
import NIOCore

/// Enforces `server.limits.max_body_size` (D28): a declared `Content-Length` over the limit is refused with 413
/// before anything reads the body; a chunked body that grows past it fails whichever stage reads it, and the
/// error boundary answers 413 if no response has started yet.
public struct BodyLimitMiddleware: NavigatorMiddleware {
    /// Largest accepted body in bytes.
    public let limit: Int64

    /// Creates the stage.
    public init(limit: Int64) {
        self.limit = limit
    }

    /// `nil` when the limit is off.
    public static func make(from configuration: NavigatorConfiguration) -> BodyLimitMiddleware? {
        configuration.server.limits.maxBodySize.map(BodyLimitMiddleware.init(limit:))
    }

    /// The 413 answer.
    static var tooLarge: HTTPFailure { HTTPFailure(.contentTooLarge, "Request Entity Too Large") }

    public func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int64.init) {
            if declared > limit { throw Self.tooLarge }
            return try await next(request, context)
        }
        guard request.headers[.transferEncoding] != nil else { return try await next(request, context) }
        var limited = request
        limited.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: limit))
        return try await next(limited, context)
    }
}

/// A request body that throws 413 once more than `limit` bytes have arrived.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int64

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int64
        var seen: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += Int64(buffer.readableBytes)
            if seen > limit { throw BodyLimitMiddleware.tooLarge }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit)
    }
}
