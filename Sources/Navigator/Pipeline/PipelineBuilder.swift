public import NavigatorConfig
public import NavigatorCore

/// Assembles one pipeline generation from a configuration snapshot.
///
/// `stages` is the single place the order lives (spec Part B §2); each entry says why it sits where it does.
/// A factory returns `nil` when its config section is absent or disabled, and the stage is left out.
public enum PipelineBuilder {
    /// One entry of the order list.
    struct Stage: Sendable {
        let name: String
        let make: @Sendable (NavigatorConfiguration, PipelineServices) throws -> (any NavigatorMiddleware)?
    }

    /// The order of the pipeline.
    static let stages: [Stage] = [
        // First, so every later stage, the access log and the upstreams see the same id (F21).
        Stage(name: "request-id") { configuration, services in RequestIDMiddleware.make(from: configuration, services: services) },
        // Outside the error boundary, so it logs every outcome with its real status once the body is sent (F22, D13).
        Stage(name: "access-log") { configuration, services in AccessLogMiddleware.make(from: configuration, services: services) },
        // Errors become responses here, so every stage above sees a real status.
        Stage(name: "error-boundary") { _, _ in ErrorBoundaryMiddleware() },
        // Oversized bodies are refused before any stage reads them (D28).
        Stage(name: "body-limit") { configuration, _ in BodyLimitMiddleware.make(from: configuration) },
        // Before broadcast and auth, so health probes are never behind auth; a probe never carries a big body (F14).
        Stage(name: "health-check") { configuration, services in HealthCheckMiddleware.make(from: configuration, services: services) },
        // After the health check and before auth: tenant apps post broadcasts without credentials; loopback only (F7).
        Stage(name: "broadcast") { configuration, services in CableStages.broadcast(from: configuration, services: services) },
        // After health check and broadcast, before everything else: nothing later bypasses auth; exemptions are
        // decided on the original path, before rewrites (F6, §2).
        Stage(name: "auth") { configuration, services in try AuthMiddleware.make(from: configuration, services: services) },
        // After auth (public_paths apply to /cable), before the route rules: the cable path is never rewritten or proxied (F7).
        Stage(name: "cable") { configuration, services in CableStages.cable(from: configuration, services: services) },
        // After auth and cable, before CGI, proxies and static, so rewrites change what they all see (F10, F1).
        Stage(name: "route-rules") { configuration, services in RouteRulesMiddleware.make(from: configuration, services: services) },
        // After rewrites, before reverse proxies and static files: CGI wins over both (F16, §2).
        Stage(name: "cgi") { configuration, services in try CGIMiddleware.make(from: configuration, services: services) },
        // After CGI (which wins over proxies) and before static files, which lose to reverse proxies (F11, §2).
        Stage(name: "reverse-proxies") { configuration, services in ReverseProxyMiddleware.make(from: configuration, services: services) },
        // Files under public_dir win over tenants but lose to CGI and reverse proxies (F8).
        Stage(name: "static") { configuration, services in StaticFileMiddleware.make(from: configuration, services: services) },
        // Extension-less paths try public_dir + path + suffix after exact static files (F9, D5).
        Stage(name: "try-files") { configuration, services in TryFilesMiddleware.make(from: configuration, services: services) },
        // Maintenance blocks only what would reach the tenants; static files keep working (F13).
        Stage(name: "maintenance") { configuration, services in MaintenanceMiddleware.make(from: configuration, services: services) },
        // After maintenance, right before the tenants: only what would reach an app is judged by its user agent (F15, D3).
        Stage(name: "bot-detection") { configuration, services in BotDetectionMiddleware.make(from: configuration, services: services) },
        // Last: answers everything that reaches it — the tenant app, the startup maintenance page, or 404 (§2 step 13).
        Stage(name: "tenant-proxy") { configuration, services in TenantProxyMiddleware.make(from: configuration, services: services) },
    ]

    /// Builds the middlewares for `configuration`, in order.
    public static func middlewares(
        for configuration: NavigatorConfiguration, services: PipelineServices
    ) throws -> [NamedMiddleware] {
        var services = services
        // The proxied health check (F14) runs this generation's tenant proxy, so it must exist before its stage.
        if services.tenantHandler == nil {
            services.tenantHandler = TenantProxyMiddleware.make(from: configuration, services: services)?.handler
        }
        return try stages.compactMap { stage in
            try stage.make(configuration, services).map { NamedMiddleware(stage.name, $0) }
        }
    }

    /// The names of the stages `configuration` enables, in order (for `--check` and logs).
    public static func stageNames(for configuration: NavigatorConfiguration) throws -> [String] {
        let services = PipelineServices(logger: .init(label: "navigator.check"), accessLogSink: { _ in })
        return try middlewares(for: configuration, services: services).map(\.name)
    }

    /// Builds a whole pipeline generation.
    public static func pipeline(
        generation: Int, configuration: NavigatorConfiguration, services: PipelineServices
    ) throws -> Pipeline {
        // Building has no side effects: the caller applies the configuration to processes (start-up, or a reload
        // once the build succeeded), so one reload restarts a changed managed process exactly once.
        Pipeline(
            generation: generation,
            configuration: configuration,
            middlewares: try middlewares(for: configuration, services: services)
        )
    }
}
