public import NavigatorCore
import Logging

/// The `/cable` stage (spec Part B §2 step 6): after auth, before the route rules. A valid upgrade on the exact
/// cable path is taken through the upgrade slot and served by the hub; anything else on that path gets gorilla's
/// 400/405. Other paths pass through.
public struct CableMiddleware: NavigatorMiddleware {
    /// `cable.path` (decoded; matched exactly, the query is ignored).
    public let path: String
    /// The process-wide hub.
    public let hub: CableHub
    /// Limits for sockets accepted by this generation.
    public let limits: ConnectionLimits
    /// Percent-decodes a request path as the rest of the pipeline does.
    public let decodePath: @Sendable (String) -> String

    /// Creates the stage.
    public init(path: String, hub: CableHub, limits: ConnectionLimits, decodePath: @escaping @Sendable (String) -> String) {
        self.path = path
        self.hub = hub
        self.limits = limits
        self.decodePath = decodePath
    }

    public func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        guard decodePath(request.uri.path) == path else { return try await next(request, context) }
        if let problem = WebSocketHandshake.problem(with: request) {
            // Navigator's line for a refused handshake on the cable path.
            context.logger.error("WebSocket upgrade failed", metadata: ["error": .string(problem.error)])
            throw WebSocketHandshake.refusal(problem.status)
        }
        // Every request that asks for an upgrade gets a slot; one without (in-process tests) cannot be switched.
        guard let slot = context.upgrade else { throw WebSocketHandshake.refusal(.badRequest) }
        context.record.update { $0.responseType = "websocket" }
        let hub = self.hub
        let limits = self.limits
        let logger = context.logger
        slot.accept { channel in
            try channel.pipeline.syncOperations.addHandler(CableChannelHandler(hub: hub, limits: limits, logger: logger))
        }
        return Response(status: .ok)
    }
}
