import NavigatorConfig
import NavigatorCore

/// F13: while `maintenance.enabled`, every request that reaches this stage gets the 503 maintenance page.
///
/// It sits after static files and try_files (which keep working) and before bot detection and the tenants.
struct MaintenanceMiddleware: NavigatorMiddleware {
    /// The page, read once per pipeline generation (a reload picks up a changed file).
    let page: MaintenancePage

    /// The pipeline factory: `nil` unless maintenance is enabled.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> MaintenanceMiddleware? {
        guard configuration.maintenance.enabled else { return nil }
        return MaintenanceMiddleware(page: MaintenancePage.load(path: configuration.maintenance.page))
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        page.response(to: request, context: context)
    }
}
