import Navigator
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Testing
import HTTPTypes

/// Reads the whole body and answers with its size.
struct BodyCounter: NavigatorMiddleware {
    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        var total = 0
        for try await buffer in request.body { total += buffer.readableBytes }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "\(total)")))
    }
}

@Suite struct BodyLimitMiddlewareTests {
    func app(limit: Int64) -> TestApp {
        TestApplication.make(middlewares: [
            NamedMiddleware("error-boundary", ErrorBoundaryMiddleware()),
            NamedMiddleware("body-limit", BodyLimitMiddleware(limit: limit)),
            NamedMiddleware("count", BodyCounter()),
        ])
    }

    @Test func aDeclaredLengthOverTheLimitIs413() async throws {
        try await app(limit: 10).test(.router) { client in
            let response = try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: "hello world"))
            #expect(response.status == .contentTooLarge)
            #expect(String(buffer: response.body) == "Request Entity Too Large\n")
        }
    }

    @Test func aBodyAtTheLimitPasses() async throws {
        try await app(limit: 11).test(.router) { client in
            let response = try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: "hello world"))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "11")
        }
    }

    @Test func aChunkedBodyThatGrowsPastTheLimitIs413WhenRead() async throws {
        try await app(limit: 10).test(.live) { client in
            let response = try await client.execute(
                uri: "/", method: .post, headers: [.transferEncoding: "chunked"],
                body: ByteBuffer(string: "hello world")
            )
            #expect(response.status == .contentTooLarge)
        }
    }
}
