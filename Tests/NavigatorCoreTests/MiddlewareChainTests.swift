import HTTPTypes
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Testing

/// Appends its name to a response header on the way out, so the test can read the order stages ran in.
struct Tagger: NavigatorMiddleware {
    let tag: String

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        var head = request.head
        head.headerFields.append(HTTPField(name: HTTPField.Name("X-Trail")!, value: tag))
        var response = try await next(Request(head: head, body: request.body), context)
        response.headers.append(HTTPField(name: HTTPField.Name("X-Out")!, value: tag))
        return response
    }
}

/// Echoes the request's X-Trail headers.
struct TrailEcho: NavigatorMiddleware {
    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        let trail = request.headers[values: HTTPField.Name("X-Trail")!].joined(separator: ",")
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: trail)))
    }
}

/// Throws a non-HTTP error.
struct Exploder: NavigatorMiddleware {
    struct Boom: Error {}

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        throw Boom()
    }
}

@Suite struct MiddlewareChainTests {
    @Test func stagesRunInListOrderInwardAndReverseOrderOutward() async throws {
        let app = TestApplication.make(middlewares: [
            NamedMiddleware("a", Tagger(tag: "a")),
            NamedMiddleware("b", Tagger(tag: "b")),
            NamedMiddleware("echo", TrailEcho()),
        ])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: response.body) == "a,b")
            #expect(response.headers[values: HTTPField.Name("X-Out")!] == ["b", "a"])
        }
    }

    @Test func theErrorBoundaryTurnsUnknownErrorsInto500AndRecordsThem() async throws {
        let app = TestApplication.make(middlewares: [
            NamedMiddleware("error-boundary", ErrorBoundaryMiddleware()),
            NamedMiddleware("boom", Exploder()),
        ])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .internalServerError)
            #expect(String(buffer: response.body) == "Internal Server Error\n")
        }
    }

    @Test func typedFailuresKeepTheirStatusBodyAndHeaders() async throws {
        struct Teapot: NavigatorMiddleware {
            func handle(
                _ request: Request, context: NavigatorRequestContext,
                next: NextHandler
            ) async throws -> Response {
                throw HTTPFailure(.forbidden, "Forbidden: nope", headers: [HTTPField.Name("X-Why")!: "test"], responseType: "bot-blocked")
            }
        }
        let app = TestApplication.make(middlewares: [
            NamedMiddleware("error-boundary", ErrorBoundaryMiddleware()),
            NamedMiddleware("teapot", Teapot()),
        ])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .forbidden)
            #expect(String(buffer: response.body) == "Forbidden: nope\n")
            #expect(response.headers[HTTPField.Name("X-Why")!] == "test")
        }
    }
}
