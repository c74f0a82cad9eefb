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
        _ request: Request, context: NavigatorRequestContext, target: ReverseProxyTarget.Parsed,
        headers: HTTPHeaders, timeouts: UpstreamClient.Timeouts, finish: FinishOnce?
    ) async throws -> Response {
        let url = target.url
        var head = HTTPRequestHead(
            version: .http1_1, method: request.method == .head ? .HEAD : .GET, uri: target.requestURI, headers: headers)
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
            return try await HTTPProxy.respond(
                status: Int(responseHead.status.code), headers: responseHead.headers,
                body: LeaseBody(lease: lease, timeout: timeouts.read), method: request.method, context: context, url: url,
                finish: finish)
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

    /// The connection of one exchange: back to the pool after a clean end with keep-alive, closed otherwise —
    /// also when the body is abandoned (a client that left) or never read.
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

        /// The next body chunk, `nil` at the end of the response (the connection then goes back to the pool);
        /// any failure closes the connection.
        func nextChunk(timeout: Duration?) async throws -> ByteBuffer? {
            do {
                switch try await connection.next(timeout: timeout) {
                case .body(let chunk):
                    return chunk
                case .end:
                    settle(reuse: keepAlive)
                    return nil
                case .head:
                    throw UnexpectedPart()
                case nil:
                    throw ClosedBeforeResponse()
                }
            } catch {
                settle(reuse: false)
                throw error
            }
        }

        private func settle(reuse: Bool) {
            guard !settled.exchange(true, ordering: .relaxed) else { return }
            if reuse { pool.release(connection, key: key) } else { connection.close() }
        }

        deinit { settle(reuse: false) }
    }

    /// A response body read from a lease, for `HTTPProxy.respond`.
    struct LeaseBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer

        let lease: Lease
        let timeout: Duration?

        func makeAsyncIterator() -> Iterator {
            Iterator(lease: lease, timeout: timeout)
        }

        /// Pulls chunks until the end of the response, then only `nil` (the connection may serve another by then).
        struct Iterator: AsyncIteratorProtocol {
            let lease: Lease
            let timeout: Duration?
            var ended = false

            init(lease: Lease, timeout: Duration?) {
                self.lease = lease
                self.timeout = timeout
            }

            mutating func next() async throws -> ByteBuffer? {
                guard !ended else { return nil }
                let chunk = try await lease.nextChunk(timeout: timeout)
                ended = chunk == nil
                return chunk
            }

            // Without this, the standard library's default would call `next()` through a hop to the generic
            // executor (see `BufferedBody`).
            mutating func next(isolation actor: isolated (any Actor)?) async throws(any Error) -> ByteBuffer? {
                try await next()
            }
        }
    }
}
