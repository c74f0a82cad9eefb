import Logging

/// The one place thrown errors become responses.
///
/// Typed HTTP errors answer with their own status and body; anything else is a 500 logged with the request id.
/// It sits just inside the access log so that every outcome, including failures, is logged with its real status.
public struct ErrorBoundaryMiddleware: NavigatorMiddleware {
    /// Creates the boundary.
    public init() {}

    public func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, context: context)
        }
    }

    /// Converts any error into a response, recording access-log fields on the way.
    public static func response(for error: any Error, request: Request, context: NavigatorRequestContext) -> Response {
        if let failure = error as? HTTPFailure {
            // D13: every outcome has a type; a failure no stage named is an error.
            context.record.update { $0.responseType = failure.responseType ?? $0.responseType ?? "error" }
            return HTTPFailure.plainText(status: failure.status, message: failure.message, extraHeaders: failure.headers)
        }
        if error is CancellationError || Task.isCancelled {
            // The client left while its request waited (the connection cancels it): nobody reads this answer, and
            // the access log says 499, as nginx and Navigator do.
            context.record.update {
                $0.statusOverride = 499
                $0.responseType = "client_closed"
            }
            return Response(status: .init(code: 499))
        }
        context.logger.error(
            "Request failed",
            metadata: .ordered(["request_id": .string(context.requestID), "error": .string(String(describing: error))])
        )
        context.record.update {
            $0.responseType = "error"
            $0.errorMessage = String(describing: error)
        }
        return HTTPFailure.plainText(status: .internalServerError, message: "Internal Server Error")
    }
}
