import AsyncHTTPClient
import HTTPTypes
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import NIOCore
import Synchronization
import Testing

/// A one-shot gate a handler can wait on.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}

/// Answers with the generation that served the request, after optionally waiting on a gate.
struct GenerationEcho: NavigatorMiddleware {
    let entered: Gate?
    let gate: Gate?

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        if request.uri.path == "/slow" {
            entered?.open()
            await gate?.wait()
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "generation \(context.generation)")))
    }
}

@Suite struct PipelineHolderTests {
    @Test func swapInstallsTheNewGenerationForNewRequests() throws {
        let holder = PipelineHolder(Pipeline(generation: 1, configuration: .init(), middlewares: []))
        let old = holder.swap(to: Pipeline(generation: 2, configuration: .init(), middlewares: []))
        #expect(old.generation == 1)
        #expect(holder.pipeline.generation == 2)
    }

    @Test func anInFlightRequestFinishesOnTheGenerationItStartedWith() async throws {
        let entered = Gate()
        let gate = Gate()
        let echo = NamedMiddleware("echo", GenerationEcho(entered: entered, gate: gate))
        let holder = PipelineHolder(Pipeline(generation: 1, configuration: .init(), middlewares: [echo]))
        let app = TestApplication.make(holder: holder)
        try await app.test(.live) { client in
            // Two connections: the test client's one connection would queue the second request behind the first.
            let base = "http://127.0.0.1:\(client.port!)"
            async let slow = HTTPClient.shared.get(url: base + "/slow").get()
            await entered.wait()
            holder.swap(to: Pipeline(generation: 2, configuration: .init(), middlewares: [echo]))
            let fresh = try await HTTPClient.shared.get(url: base + "/fast").get()
            #expect(fresh.body.map { String(buffer: $0) } == "generation 2")
            gate.open()
            let slowResponse = try await slow
            #expect(slowResponse.body.map { String(buffer: $0) } == "generation 1")
        }
    }

    @Test func unmatchedRequestsGetGoStyleNotFound() async throws {
        let app = TestApplication.make(middlewares: [NamedMiddleware("error-boundary", ErrorBoundaryMiddleware())])
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/nothing", method: .get)
            #expect(response.status == .notFound)
            #expect(String(buffer: response.body) == "404 page not found\n")
            #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }
}
