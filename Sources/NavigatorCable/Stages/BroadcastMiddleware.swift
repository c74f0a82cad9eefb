public import Logging
public import NavigatorCore

/// The broadcast endpoint (spec Part B §2 step 4, Part C §1.8): after the health check, before auth. Loopback
/// peers only (the socket peer, never `X-Forwarded-For`; D25 adds `::ffff:127.0.0.1`), `POST` only; answers at once
/// and never waits on subscribers.
public struct BroadcastMiddleware: NavigatorMiddleware {
    /// `cable.broadcast_path` (decoded; matched exactly, the query is ignored).
    public let path: String
    /// The process-wide hub.
    public let hub: CableHub
    /// Navigator's own log (`Broadcast sent`).
    public let logger: Logger
    /// Percent-decodes a request path as the rest of the pipeline does.
    public let decodePath: @Sendable (String) -> String

    /// Creates the stage.
    public init(path: String, hub: CableHub, logger: Logger, decodePath: @escaping @Sendable (String) -> String) {
        self.path = path
        self.hub = hub
        self.logger = logger
        self.decodePath = decodePath
    }

    public func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        guard decodePath(request.uri.path) == path else { return try await next(request, context) }
        context.record.update { $0.responseType = "broadcast" }
        guard context.peer?.isLoopback == true else {
            throw HTTPFailure(.forbidden, "Forbidden: \(path) is only accessible from localhost", responseType: "broadcast")
        }
        guard request.method == .post else {
            throw HTTPFailure(.methodNotAllowed, "Method not allowed", responseType: "broadcast")
        }
        let body = try await request.body.collect(upTo: .max)
        let message: BroadcastRequest
        do {
            message = try BroadcastRequest(body: Array(buffer: body))
        } catch {
            throw HTTPFailure(.badRequest, error.message, responseType: "broadcast")
        }
        let accepted = hub.broadcast(stream: message.stream, data: message.data)
        logger.info("Broadcast sent", metadata: BroadcastLog.metadata(stream: message.stream, connections: accepted, data: message.data))
        return Response(status: .ok)
    }
}
