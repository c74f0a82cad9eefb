public import NavigatorConfig
public import NavigatorCore

/// Assembles one pipeline generation from a configuration snapshot.
///
/// `stages` is the single place the order lives (spec Part B §2); each entry says why it sits where it does.
/// A factory returns `nil` when its config section is absent or disabled, and the stage is left out.
public enum PipelineBuilder {
    /// One entry of the order list.
    struct Stage {
        let name: String
        let make: (NavigatorConfiguration, PipelineServices) throws -> (any NavigatorMiddleware)?
    }

    /// The order of the pipeline.
    static let stages: [Stage] = [
        // Errors become responses here, so every stage above sees a real status.
        Stage(name: "error-boundary") { _, _ in ErrorBoundaryMiddleware() },
    ]

    /// Builds the middlewares for `configuration`, in order.
    public static func middlewares(
        for configuration: NavigatorConfiguration, services: PipelineServices
    ) throws -> [NamedMiddleware] {
        try stages.compactMap { stage in
            try stage.make(configuration, services).map { NamedMiddleware(stage.name, $0) }
        }
    }

    /// Builds a whole pipeline generation.
    public static func pipeline(
        generation: Int, configuration: NavigatorConfiguration, services: PipelineServices
    ) throws -> Pipeline {
        Pipeline(
            generation: generation,
            configuration: configuration,
            middlewares: try middlewares(for: configuration, services: services)
        )
    }
}
