public import AsyncHTTPClient
public import HTTPTypes
public import Logging
public import NavigatorConfig
public import NavigatorCore
public import Navigator
public import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
import ServiceLifecycle

/// How a test reaches an application: in process, straight into the pipeline (`router`), or over a real socket
/// through the real server on 127.0.0.1 port 0 (`live`).
public enum TestMode: Sendable {
    /// The pipeline called directly: no sockets, no peer address.
    case router
    /// The real `HTTPServer` on a free loopback port, reached with AsyncHTTPClient.
    case live
}

/// An application under test: one request handler (usually a pipeline behind its swap point) that a test drives
/// in either mode with the same body.
public struct TestApp: Sendable {
    /// Answers every request.
    public let respond: RequestHandler
    /// `server.limits` and `cable.max_message_size` for the live server.
    public let limits: ServerLimits
    /// Largest WebSocket frame for the live server.
    public let maxFrameSize: Int
    /// Where the live server binds (a loopback address).
    public let host: String

    /// An application answered by `respond`.
    public init(
        limits: ServerLimits = ServerLimits(), maxFrameSize: Int = 1 << 20, host: String = "127.0.0.1",
        respond: @escaping RequestHandler
    ) {
        self.respond = respond
        self.limits = limits
        self.maxFrameSize = maxFrameSize
        self.host = host
    }

    /// Runs `body` with a client for `mode`; a live server is stopped afterwards.
    public func test<Result: Sendable>(
        _ mode: TestMode, _ body: (TestClient) async throws -> Result
    ) async throws -> Result {
        switch mode {
        case .router:
            return try await body(TestClient(mode: .router(respond)))
        case .live:
            let server = try await LiveTestServer.start(self)
            do {
                let result = try await body(TestClient(mode: .live(port: server.port)))
                await server.stop()
                return result
            } catch {
                await server.stop()
                throw error
            }
        }
    }
}

/// A response as a test sees it, body collected.
public struct TestResponse: Sendable {
    /// Status and header fields.
    public var head: HTTPResponse
    /// The whole body.
    public var body: ByteBuffer
    /// Trailing fields, if the body ended with some.
    public var trailerHeaders: HTTPFields?

    /// The status.
    public var status: HTTPResponse.Status { head.status }
    /// The header fields.
    public var headers: HTTPFields { head.headerFields }
}

/// Sends requests to a `TestApp` in the mode of its test.
public struct TestClient: Sendable {
    enum Mode: Sendable {
        case router(RequestHandler)
        case live(port: Int)
    }

    let mode: Mode

    /// The live server's port; `nil` in router mode.
    public var port: Int? {
        if case .live(let port) = mode { return port }
        return nil
    }

    /// Sends one request and collects the response.
    public func execute(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        switch mode {
        case .router(let respond):
            return try await Self.inProcess(respond, uri: uri, method: method, headers: headers, body: body)
        case .live(let port):
            return try await Self.overSocket(port: port, uri: uri, method: method, headers: headers, body: body)
        }
    }

    private static func inProcess(
        _ respond: RequestHandler, uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        var fields = headers
        let host = HTTPField.Name("Host")!
        let authority = fields[host] ?? "localhost"
        fields[host] = nil
        if let body, fields[.contentLength] == nil, fields[.transferEncoding] == nil {
            fields[.contentLength] = String(body.readableBytes)
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: authority, path: originForm(uri), headerFields: fields)
        let request = Request(head: head, body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = NavigatorRequestContext(logger: TestApplication.logger, peer: nil)
        let response: Response
        do {
            response = try await respond(request, context)
        } catch {
            // As the server answers an error no stage turned into a response.
            response = Response(status: .internalServerError)
        }
        let collector = CollectingWriter()
        try await response.body.write(collector)
        let collected = await collector.storage.result
        return TestResponse(head: response.head, body: collected.body, trailerHeaders: collected.trailers)
    }

    /// The path and query of an absolute-form target (`http://host/p?q` → `/p?q`); other targets as they are.
    private static func originForm(_ uri: String) -> String {
        guard !uri.hasPrefix("/"), let scheme = uri.range(of: "://") else { return uri }
        let rest = uri[scheme.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        return rest[slash] == "?" ? "/" + rest[slash...] : String(rest[slash...])
    }

    private static func overSocket(
        port: Int, uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(uri)")
        request.method = NIOHTTP1.HTTPMethod(method)
        request.headers = HTTPHeaders(headers)
        // As the in-process mode: a request names `localhost` unless the test says otherwise.
        if !request.headers.contains(name: "host") { request.headers.add(name: "Host", value: "localhost") }
        if let body { request.body = .bytes(body) }
        let response = try await TestHTTPClient.shared.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: .max)
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        let status = HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase)
        return TestResponse(head: HTTPResponse(status: status, headerFields: fields), body: collected, trailerHeaders: nil)
    }
}

/// The client live tests share: no redirects followed, no decompression, as a browser's raw view.
enum TestHTTPClient {
    static let shared = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled))
}

/// Collects a response body written in process.
final class CollectingWriter: ResponseBodyWriter, Sendable {
    actor Storage {
        var result: (body: ByteBuffer, trailers: HTTPFields?) = (ByteBuffer(), nil)

        func append(_ buffer: ByteBuffer) {
            var buffer = buffer
            result.body.writeBuffer(&buffer)
        }

        func finish(_ trailers: HTTPFields?) {
            result.trailers = trailers
        }
    }

    let storage = Storage()

    func write(_ buffer: ByteBuffer) async throws {
        await storage.append(buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {
        await storage.finish(trailingHeaders)
    }
}

/// The real server on a free loopback port, for one test.
struct LiveTestServer {
    let server: HTTPServer
    let task: Task<Void, any Error>
    let port: Int

    static func start(_ app: TestApp) async throws -> LiveTestServer {
        let listening = AsyncStream<Int>.makeStream()
        let server = HTTPServer(
            settings: .init(host: app.host, port: 0, limits: app.limits, maxFrameSize: app.maxFrameSize),
            respond: app.respond, logger: TestApplication.logger,
            onListening: { address in
                listening.continuation.yield(address.port ?? 0)
                listening.continuation.finish()
            })
        let task = Task { try await server.run() }
        var iterator = listening.stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw TestServerError.notListening
        }
        return LiveTestServer(server: server, task: task, port: port)
    }

    /// Shuts the server down gracefully, as the service group would.
    func stop() async {
        server.shutDown()
        task.cancel()
        _ = await task.result
    }
}

/// Why a live test server could not be used.
enum TestServerError: Error {
    /// It never reported a bound port.
    case notListening
}
