public import Hummingbird

/// Counts every HTTP request toward machine idle (F18) while `server.idle` is configured, from its arrival until
/// its response body is written (or the response is dropped), so a long download or a streamed response keeps the
/// machine awake.
public struct ActivityTrackingResponder<Base: HTTPResponder>: HTTPResponder {
    public typealias Context = Base.Context
    /// The responder that answers.
    public let base: Base
    /// Where activity is counted.
    public let idle: MachineIdle

    /// Wraps `base`.
    public init(base: Base, idle: MachineIdle) {
        self.base = base
        self.idle = idle
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        // Wrapping the body would cost every response a separate write for its head.
        guard idle.isEnabled else { return try await base.respond(to: request, context: context) }
        let visit = await idle.begin()
        var response: Response
        do {
            response = try await base.respond(to: request, context: context)
        } catch {
            visit.end()
            throw error
        }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { visit.end() }
            try await body.write(writer)
        }
        return response
    }
}
