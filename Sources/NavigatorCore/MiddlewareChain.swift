
/// The middleware contract of the pipeline: `handle(request, context, next)` with our typed context.
///
/// Its functions are compiled with this package's `NonisolatedNonsendingByDefault` and run on the caller's
/// executor, with no hop per stage (Package.swift).
public protocol NavigatorMiddleware: Sendable {
    /// Answers `request`, or passes it (possibly changed) to `next`.
    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response
}

/// The rest of the chain, as a middleware sees it: runs on the caller's executor, like the stages themselves.
public typealias NextHandler = nonisolated(nonsending) (Request, NavigatorRequestContext) async throws -> Response

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
public typealias RequestHandler = nonisolated(nonsending) @Sendable (Request, NavigatorRequestContext) async throws -> Response

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
