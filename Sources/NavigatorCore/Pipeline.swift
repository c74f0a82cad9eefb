public import NavigatorConfig

/// One generation of the request pipeline, built from one configuration snapshot and never changed after.
///
/// A class, not a struct: every request takes the current generation, and copying a struct would retain every
/// reference in the configuration it holds.
///
/// A reload builds a whole new `Pipeline` off to the side and swaps it in through `PipelineHolder`;
/// a request holds the generation it started with until its response is done.
public final class Pipeline: Sendable {
    /// Increases by one with every successful swap (the first is 1).
    public let generation: Int
    /// The configuration this pipeline was built from.
    public let configuration: NavigatorConfiguration
    /// The stages in order, for diagnostics.
    public let stageNames: [String]
    private let handler: RequestHandler

    /// Assembles a pipeline; requests nothing matched get `terminal`'s answer (404 by default).
    public init(
        generation: Int,
        configuration: NavigatorConfiguration,
        middlewares: [NamedMiddleware],
        terminal: @escaping RequestHandler = { _, _ in throw HTTPFailure.notFound }
    ) {
        self.generation = generation
        self.configuration = configuration
        self.stageNames = middlewares.map(\.name)
        self.handler = MiddlewareChain.build(middlewares, terminal: terminal)
    }

    /// Runs a request through this generation.
    public func respond(to request: Request, context: NavigatorRequestContext) async throws -> Response {
        var context = context
        context.generation = generation
        return try await handler(request, context)
    }
}
