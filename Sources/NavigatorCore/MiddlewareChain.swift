public import Hummingbird

/// The middleware contract of the pipeline: Hummingbird's `handle(request, context, next)` with our context.
public typealias NavigatorMiddleware = RouterMiddleware<NavigatorRequestContext>

/// A middleware with the name it is listed under (for `--check`, logs and tests).
public struct NamedMiddleware: Sendable {
    /// Stage name, e.g. `auth`.
    public var name: String
    /// The middleware.
    public var middleware: any NavigatorMiddleware

    /// Pairs a name with a middleware.
    public init(_ name: String, _ middleware: any NavigatorMiddleware) {
        self.name = name
        self.middleware = middleware
    }
}

/// The function a chain compiles to.
public typealias RequestHandler = @Sendable (Request, NavigatorRequestContext) async throws -> Response

/// Folds an ordered list of middlewares around a terminal handler; the first entry runs first.
public enum MiddlewareChain {
    /// Builds the handler once, so a request pays no list walking or allocation for the chain itself.
    public static func build(_ middlewares: [NamedMiddleware], terminal: @escaping RequestHandler) -> RequestHandler {
        var next = terminal
        for entry in middlewares.reversed() {
            let middleware = entry.middleware
            let inner = next
            next = { request, context in
                try await middleware.handle(request, context: context) { request, context in
                    try await inner(request, context)
                }
            }
        }
        return next
    }
}
