import AsyncHTTPClient
import Hummingbird
import HTTPTypes
import NavigatorCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Proxies a GET or HEAD without a body to a plain-HTTP upstream over a pooled keep-alive connection, on the event
/// loop the request runs on: the common case, without AsyncHTTPClient's per-request machinery (≈ 35–40 % of a
/// proxied request's CPU in the profiles). Everything else — bodies, other methods, `https` — goes through
/// AsyncHTTPClient.
///
/// The answers match `HTTPProxy`'s: refused or reset → 502, connect or read timeout → 504, a small body read whole,
/// a large or chunked one streamed; a pooled connection the upstream closed meanwhile is replaced once, which is
/// safe for these methods.
enum KeepAliveExchange {
    /// Raised when the upstream closes before sending a response head.
    struct ClosedBeforeResponse: Error, CustomStringConvertible {
        var description: String { "upstream closed the connection before responding" }
    }

    /// Raised when the upstream's parts arrive out of order.
    struct UnexpectedPart: Error, CustomStringConvertible {
        var description: String { "upstream sent an invalid response" }
    }

    /// The loop for exchanges that do not run on one (tests, or tasks on Swift's own executor): always the same,
    /// so their connections are reused too.
    static let offLoop = MultiThreadedEventLoopGroup.singleton.next()

    /// Whether `request` to `target` takes this path.
    static func carries(_ request: Request, to target: ReverseProxyTarget.Parsed) -> Bool {
        (request.method == .get || request.method == .head) && target.scheme == "http"
            && HTTPProxy.bodyLength(of: request) == nil
    }

    /// Sends `request` to `target` with `headers` and answers with the upstream's response.
    static func forward(
        _ request: Request, context: NavigatorRequestContext, target: ReverseProxyTarget.Parsed, url: String,
        headers: HTTPHeaders, timeouts: UpstreamClient.Timeouts, finish: FinishOnce?
    ) async throws -> Response {
        var head = HTTPRequestHead(
            version: .http1_1, method: request.method == .head ? .HEAD : .GET,
            uri: (target.path.isEmpty ? "/" : target.path) + (target.query.isEmpty ? "" : "?" + target.query),
            headers: headers)
        if !head.headers.contains(name: "Host") { head.headers.add(name: "Host", value: target.authority) }
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? offLoop
        let key = UpstreamConnectionPool.Key(loop: ObjectIdentifier(loop), host: target.host, port: target.port)
        let pool = UpstreamConnectionPool.shared
        var retried = false
        while true {
            let pooled = pool.takeIdle(key)
            let connection: UpstreamConnection
            do {
                if let pooled {
                    connection = pooled
                } else {
                    connection = try await UpstreamConnection.connect(
                        host: target.host, port: target.port, on: loop, timeout: timeouts.connect)
                }
            } catch {
                throw await HTTPProxy.failure(error, "Proxy request failed", context: context, url: url, finish: finish)
            }
            let responseHead: HTTPResponseHead
            do {
                try await connection.send(head)
                responseHead = try await readHead(from: connection, timeout: timeouts.read)
            } catch {
                connection.close()
                // The upstream may have closed an idle connection just as it was taken: try once on a new one.
                if pooled != nil, !retried, !ProxyFailure.isTimeout(error) {
                    retried = true
                    continue
                }
                throw await HTTPProxy.failure(error, "Proxy request failed", context: context, url: url, finish: finish)
            }
            let lease = Lease(connection: connection, key: key, pool: pool, keepAlive: responseHead.isKeepAlive)
            return try await respond(
                responseHead, request: request, lease: lease, context: context, url: url, timeouts: timeouts, finish: finish)
        }
    }

    /// The final response head (informational 1xx heads are skipped).
    private static func readHead(from connection: UpstreamConnection, timeout: Duration?) async throws -> HTTPResponseHead {
        while true {
            switch try await connection.next(timeout: timeout) {
            case .head(let head) where head.status.code >= 200 || head.status.code == 101:
                return head
            case .head:
                continue
            case .body, .end:
                throw UnexpectedPart()
            case nil:
                throw ClosedBeforeResponse()
            }
        }
    }

    /// The client's response: small bodies read whole, others streamed as they arrive.
    private static func respond(
        _ head: HTTPResponseHead, request: Request, lease: Lease, context: NavigatorRequestContext, url: String,
        timeouts: UpstreamClient.Timeouts, finish: FinishOnce?
    ) async throws -> Response {
        let fields = ProxyHeaders.downstreamResponseHeaders(from: head.headers)
        let status = HTTPResponse.Status(code: Int(head.status.code))
        let contentLength = head.headers.first(name: "content-length").flatMap { Int($0) }
        let bodyless = request.method == .head || head.status.code == 204 || head.status.code == 304
        if bodyless || (contentLength.map { $0 <= HTTPProxy.bufferedBodyLimit } ?? false) {
            var body = ByteBuffer()
            do {
                try await lease.readBody(timeout: timeouts.read) { chunk in body.writeImmutableBuffer(chunk) }
                await finish?.run()
            } catch {
                throw await HTTPProxy.failure(error, "Upstream response ended early", context: context, url: url, finish: finish)
            }
            return Response(status: status, headers: fields, body: bodyless ? ResponseBody() : ResponseBody(byteBuffer: body))
        }
        let record = context.record
        record.markStreamingBody()
        let logger = context.logger
        let response = ResponseBody(contentLength: contentLength) { writer in
            do {
                try await lease.readBody(timeout: timeouts.read) { chunk in
                    do {
                        try await writer.write(chunk)
                    } catch {
                        record.update { $0.statusOverride = 499 }
                        throw ClientGone(underlying: error)
                    }
                }
            } catch let gone as ClientGone {
                await finish?.run()
                throw gone.underlying
            } catch {
                await finish?.run()
                logger.warning("Upstream response ended early", metadata: ["upstream": .string(url), "error": "\(error)"])
                throw error
            }
            await finish?.run()
            try await writer.finish(nil)
        }
        return Response(status: status, headers: fields, body: response)
    }

    /// A failed write to the client, told apart from an upstream failure.
    private struct ClientGone: Error {
        var underlying: any Error
    }

    /// The connection of one exchange: back to the pool after a clean end with keep-alive, closed otherwise —
    /// also when the response is dropped before its body was read.
    final class Lease: Sendable {
        private let connection: UpstreamConnection
        private let key: UpstreamConnectionPool.Key
        private let pool: UpstreamConnectionPool
        private let keepAlive: Bool
        private let settled = Atomic(false)

        init(connection: UpstreamConnection, key: UpstreamConnectionPool.Key, pool: UpstreamConnectionPool, keepAlive: Bool) {
            self.connection = connection
            self.key = key
            self.pool = pool
            self.keepAlive = keepAlive
        }

        /// Passes each body chunk to `consume` until the response ends, then returns the connection to the pool;
        /// on any failure (upstream or `consume`) the connection is closed.
        func readBody(timeout: Duration?, _ consume: (ByteBuffer) async throws -> Void) async throws {
            do {
                loop: while true {
                    switch try await connection.next(timeout: timeout) {
                    case .body(let chunk): try await consume(chunk)
                    case .end: break loop
                    case .head: throw UnexpectedPart()
                    case nil: throw ClosedBeforeResponse()
                    }
                }
            } catch {
                settle(reuse: false)
                throw error
            }
            settle(reuse: keepAlive)
        }

        private func settle(reuse: Bool) {
            guard !settled.exchange(true, ordering: .relaxed) else { return }
            if reuse { pool.release(connection, key: key) } else { connection.close() }
        }

        deinit { settle(reuse: false) }
    }
}
