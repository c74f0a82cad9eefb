public import AsyncHTTPClient
public import NavigatorCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1

/// The streaming HTTP proxy core shared by the tenant proxy and reverse proxies (D16, F33).
///
/// Bodies stream both ways with backpressure (AsyncHTTPClient pulls the request body as the upstream accepts it;
/// the response body is pulled only as fast as the client takes it), so memory stays bounded whatever the size;
/// each chunk is written as soon as it arrives, so server-sent events flow as the upstream writes them.
public enum HTTPProxy {
    /// Sends `request` to `target` (scheme, host, port, path and query) with `headers`, returning the upstream's
    /// response as it streams. Connection failures become 502 `Bad Gateway`, connect and read timeouts 504
    /// `Gateway Timeout` (`ProxyFailure`); a client that leaves mid-body is logged as 499. `finish` runs once when
    /// the exchange is over (success or not). GET and HEAD without a body to `http` go over our own keep-alive
    /// connections (`KeepAliveExchange`), everything else through `client`.
    static func forward(
        _ request: Request, context: NavigatorRequestContext, target: ReverseProxyTarget.Parsed, headers: HTTPHeaders,
        client: HTTPClient = UpstreamClient.shared, timeouts: UpstreamClient.Timeouts = UpstreamClient.tenantTimeouts,
        finish: FinishOnce? = nil
    ) async throws -> Response {
        if KeepAliveExchange.carries(request, to: target) {
            return try await KeepAliveExchange.forward(
                request, context: context, target: target, headers: headers, timeouts: timeouts, finish: finish)
        }
        let url = target.url
        var upstream = HTTPClientRequest(url: url)
        upstream.method = HTTPMethod(rawValue: request.method.rawValue)
        upstream.headers = headers
        if let length = bodyLength(of: request) {
            upstream.body = .stream(request.body, length: length)
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstream, deadline: .distantFuture, logger: context.logger)
        } catch {
            throw await failure(error, "Proxy request failed", context: context, url: url, finish: finish)
        }
        return try await respond(
            status: Int(response.status.code), headers: response.headers, body: response.body, method: request.method,
            context: context, url: url, finish: finish)
    }

    /// Upstream bodies of at most this many bytes (by their `Content-Length`) are read whole before the answer
    /// starts, as nginx's `proxy_buffering` does: the client then gets head and body in one write.
    static let bufferedBodyLimit = 64 * 1024

    /// The client's answer once the upstream's head has arrived: no body after a HEAD, 204 or 304; a body of at
    /// most `bufferedBodyLimit` bytes read whole (one that fails or stalls before its end becomes a 502 or 504,
    /// since nothing has been sent yet); any other body streamed as it arrives.
    static func respond<Body: AsyncSequence & Sendable>(
        status code: Int, headers upstream: HTTPHeaders, body: Body, method: HTTPRequest.Method,
        context: NavigatorRequestContext, url: String, finish: FinishOnce?
    ) async throws -> Response where Body.Element == ByteBuffer {
        let fields = ProxyHeaders.downstreamResponseHeaders(from: upstream)
        let status = HTTPResponse.Status(code: code)
        let contentLength = upstream.first(name: "content-length").flatMap { Int($0) }
        let bodyless = method == .head || code == 204 || code == 304
        if bodyless || contentLength.map({ $0 <= bufferedBodyLimit }) == true {
            let bytes: ByteBuffer
            do {
                bytes = try await BufferedBody.read(body, upTo: bodyless ? 0 : contentLength ?? 0)
                await finish?.run()
            } catch {
                throw await failure(error, "Upstream response ended early", context: context, url: url, finish: finish)
            }
            return Response(status: status, headers: fields, body: bodyless ? ResponseBody() : ResponseBody(byteBuffer: bytes))
        }
        let record = context.record
        record.markStreamingBody()
        let logger = context.logger
        let streamed = ResponseBody(contentLength: contentLength) { writer in
            var chunks = body.makeAsyncIterator()
            while true {
                let chunk: ByteBuffer?
                do {
                    chunk = try await chunks.next()
                } catch {
                    await finish?.run()
                    logger.warning("Upstream response ended early", metadata: .ordered(["upstream": .string(url), "error": "\(error)"]))
                    throw error
                }
                guard let chunk else { break }
                do {
                    try await writer.write(chunk)
                } catch {
                    await finish?.run()
                    record.update { $0.statusOverride = 499 }
                    throw error
                }
            }
            await finish?.run()
            try await writer.finish(nil)
        }
        return Response(status: status, headers: fields, body: streamed)
    }

    /// Ends a failed exchange before anything was sent: runs `finish`, records and logs `error`, and returns the
    /// 502 or 504 to throw.
    static func failure(
        _ error: any Error, _ message: Logger.Message, context: NavigatorRequestContext, url: String, finish: FinishOnce?
    ) async -> HTTPFailure {
        await finish?.run()
        context.record.update { $0.errorMessage = String(describing: error) }
        context.logger.warning(message, metadata: .ordered([
            "request_id": .string(context.requestID), "upstream": .string(url), "error": .string(String(describing: error)),
        ]))
        return ProxyFailure.failure(for: error)
    }

    /// How the request body is framed: its `Content-Length`, unknown for chunked uploads, `nil` when there is none.
    static func bodyLength(of request: Request) -> HTTPClientRequest.Body.Length? {
        if let text = request.headers[.contentLength], let length = Int64(text) {
            return length == 0 ? nil : .known(length)
        }
        if request.headers[.transferEncoding] != nil { return .unknown }
        return nil
    }
}
