public import Hummingbird
public import NavigatorCore

/// Counts every HTTP request toward machine idle (F18) while `server.idle` is configured, from its arrival until
/// its response body is written (or the response is dropped), so a long download or a streamed response keeps the
/// machine awake.
public struct ActivityTrackingResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == NavigatorRequestContext {
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

    // @concurrent, as Hummingbird's requirement is; the event-loop path calls `MachineIdle.tracking` directly.
    @concurrent public func respond(to request: Request, context: Context) async throws -> Response {
        try await idle.tracking { try await base.respond(to: request, context: context) }
    }
}

extension MachineIdle {
    /// Runs `answer` counted as activity while `server.idle` is configured; the count ends when the response body
    /// has been written or dropped.
    public func tracking(_ answer: () async throws -> Response) async throws -> Response {
        // Wrapping the body would cost every response a separate write for its head.
        guard isEnabled else { return try await answer() }
        let visit = await begin()
        var response: Response
        do {
            response = try await answer()
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
