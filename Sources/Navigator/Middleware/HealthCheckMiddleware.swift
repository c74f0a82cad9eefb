import HTTPTypes
import NIOCore
import NavigatorConfig
import NavigatorCore

/// F14, D14: answers `server.health_check.path` first, before broadcast and auth, so it is never behind auth.
///
/// The path must match exactly (`/up/` and `/upstream` do not match `/up`; the query is ignored).
/// * With `response`: its headers are set, `Content-Type: text/plain` is added when none was given, and the
///   status (default 200, D14) and body are sent (HEAD gets the headers and `Content-Length` without the body).
/// * Without `response`: the request goes straight to the tenant proxy, skipping every other stage. The proxy is
///   injected as `PipelineServices.tenantHandler`; while it is absent the answer is Go's `404 page not found`,
///   which is also what Navigator answers when no tenant matches.
struct HealthCheckMiddleware: NavigatorMiddleware {
    /// What to do on a match.
    enum Action: Sendable {
        /// Send this synthetic response.
        case respond(SyntheticResponse)
        /// Hand the request to the tenant proxy (`nil` = none available, answer 404).
        case forward(RequestHandler?)
    }

    /// `server.health_check.path` (decoded form; compared with the decoded request path).
    let path: String
    /// What a match does.
    let action: Action

    /// Creates the stage.
    init(path: String, action: Action) {
        self.path = path
        self.action = action
    }

    /// The pipeline factory: `nil` when no health-check path is configured.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> HealthCheckMiddleware? {
        guard let settings = configuration.server.healthCheck, !settings.path.isEmpty else { return nil }
        if let response = settings.response {
            return HealthCheckMiddleware(path: settings.path, action: .respond(response))
        }
        return HealthCheckMiddleware(path: settings.path, action: .forward(services.tenantHandler))
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        guard URLPathEncoding.decode(request.uri.path) == path else {
            return try await next(request, context)
        }
        switch action {
        case .respond(let synthetic):
            context.record.update { $0.responseType = "health" }
            return Self.response(for: synthetic, method: request.method)
        case .forward(let tenantHandler):
            guard let tenantHandler else { throw HTTPFailure.notFound }
            return try await tenantHandler(request, context)
        }
    }

    /// The synthetic answer: configured headers (set, so a repeated name keeps the last value, as Go's
    /// `Header.Set`), a default `Content-Type`, the status and the body.
    static func response(for synthetic: SyntheticResponse, method: HTTPRequest.Method) -> Response {
        var headers = HTTPFields()
        for entry in synthetic.headers {
            guard let name = HTTPField.Name(entry.name) else { continue }
            headers[name] = entry.value
        }
        if headers[.contentType] == nil {
            headers[.contentType] = "text/plain"
        }
        let bytes = ByteBuffer(string: synthetic.body)
        let status = HTTPResponse.Status(code: synthetic.status == 0 ? 200 : synthetic.status)
        if method == .head {
            headers[.contentLength] = String(bytes.readableBytes)
            return Response(status: status, headers: headers)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }
}
