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
        client: HTTPClient = UpstreamClient.shared, finish: FinishOnce? = nil
    ) async throws -> Response {
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
            await finish?.run()
            context.record.update { $0.errorMessage = String(describing: error) }
            context.logger.warning("Proxy request failed", metadata: [
                "request_id": .string(context.requestID), "upstream": .string(url), "error": .string(String(describing: error)),
            ])
            throw ProxyFailure.failure(for: error)
        }
        let fields = ProxyHeaders.downstreamResponseHeaders(from: response.headers)
        let contentLength = response.headers.first(name: "content-length").flatMap { Int($0) }
        let record = context.record
        let logger = context.logger
        let body = ResponseBody(contentLength: request.method == .head ? nil : contentLength) { writer in
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
        return Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: fields, body: body)
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
