public import AsyncHTTPClient
public import Hummingbird
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
    /// Sends `request` to `url` (scheme, host, port, path and query) with `headers`, returning the upstream's
    /// response as it streams. Connection failures become 502 `Bad Gateway`, connect and read timeouts 504
    /// `Gateway Timeout` (`ProxyFailure`); a client that leaves mid-body is logged as 499. `finish` runs once when
    /// the exchange is over (success or not).
    public static func forward(
        _ request: Request, context: NavigatorRequestContext, url: String, headers: HTTPHeaders,
        client: HTTPClient = UpstreamClient.shared, timeouts: UpstreamClient.Timeouts = UpstreamClient.tenantTimeouts,
        finish: FinishOnce? = nil
    ) async throws -> Response {
        if let target = ReverseProxyTarget.parse(url), KeepAliveExchange.carries(request, to: target) {
            return try await KeepAliveExchange.forward(
                request, context: context, target: target, url: url, headers: headers, timeouts: timeouts, finish: finish)
        }
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
        let fields = ProxyHeaders.downstreamResponseHeaders(from: response.headers)
        let contentLength = response.headers.first(name: "content-length").flatMap { Int($0) }
        let status = HTTPResponse.Status(code: Int(response.status.code))
        if request.method == .head {
            await finish?.run()
            return Response(status: status, headers: fields, body: ResponseBody())
        }
        if let contentLength, contentLength <= bufferedBodyLimit {
            return try await buffered(response, length: contentLength, status: status, headers: fields, context: context, url: url, finish: finish)
        }
        let record = context.record
        record.markStreamingBody()
        let logger = context.logger
        let body = ResponseBody(contentLength: contentLength) { writer in
            var chunks = response.body.makeAsyncIterator()
            while true {
                let chunk: ByteBuffer?
                do {
                    chunk = try await chunks.next()
                } catch {
                    await finish?.run()
                    logger.warning("Upstream response ended early", metadata: ["upstream": .string(url), "error": "\(error)"])
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
        return Response(status: status, headers: fields, body: body)
    }

    /// Upstream bodies of at most this many bytes (by their `Content-Length`) are read whole before the answer
    /// starts, as nginx's `proxy_buffering` does: the client then gets head and body in one write.
    static let bufferedBodyLimit = 64 * 1024

    /// Reads a small upstream body whole and answers it from memory. A body that fails or stalls before its end
    /// becomes a 502 or 504 like a failed connection, since nothing has been sent yet.
    private static func buffered(
        _ response: HTTPClientResponse, length: Int, status: HTTPResponse.Status, headers: HTTPFields,
        context: NavigatorRequestContext, url: String, finish: FinishOnce?
    ) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: length)
            await finish?.run()
        } catch {
            throw await failure(error, "Upstream response ended early", context: context, url: url, finish: finish)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// Ends a failed exchange before anything was sent: runs `finish`, records and logs `error`, and returns the
    /// 502 or 504 to throw.
    static func failure(
        _ error: any Error, _ message: Logger.Message, context: NavigatorRequestContext, url: String, finish: FinishOnce?
    ) async -> HTTPFailure {
        await finish?.run()
        context.record.update { $0.errorMessage = String(describing: error) }
        context.logger.warning(message, metadata: [
            "request_id": .string(context.requestID), "upstream": .string(url), "error": .string(String(describing: error)),
        ])
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
