import NavigatorConfig
import NavigatorCore

/// D3 (F15 made configurable): after maintenance, before the tenant proxy, a request classified as a bot by
/// `UserAgentClassifier` is answered `403 Forbidden: Bot access not allowed` when bot detection is enabled for the
/// tenant it would reach. The tenant's `bot_detection` block replaces the server's; default off.
///
/// Actions: `reject` and `static-only` both answer 403 here. They differ in intent only, because everything a bot
/// may still get under `static-only` — static files and try_files — is served by earlier stages that never look at
/// the user agent (so `reject` does not block those either: blocking assets would break link previews and buys
/// nothing). `ignore` lets bots through. The access log records the real status and `response_type: bot-blocked`
/// (D13; Navigator logged 200).
struct BotDetectionMiddleware: NavigatorMiddleware {
    /// Routes a path to its tenant (the one whose settings apply).
    let router: TenantRouter
    /// `server.bot_detection`.
    let serverSettings: BotDetectionSettings

    /// The pipeline factory: `nil` without tenants or when neither the server nor any tenant enables detection.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> BotDetectionMiddleware? {
        let tenants = configuration.applications.tenants
        guard !tenants.isEmpty else { return nil }
        let server = configuration.server.botDetection
        guard server.enabled || tenants.contains(where: { $0.botDetection?.enabled == true }) else { return nil }
        return BotDetectionMiddleware(router: TenantRouter(tenants: tenants), serverSettings: server)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        let path = URLPathEncoding.decode(request.uri.path)
        guard let tenant = router.tenant(for: path) else { return try await next(request, context) }
        let settings = tenant.botDetection ?? serverSettings
        guard settings.enabled, settings.action != .ignore else { return try await next(request, context) }
        guard let reason = UserAgentClassifier.botReason(request.headers[.userAgent]) else {
            return try await next(request, context)
        }
        context.logger.debug("Bot request blocked", metadata: .ordered(["tenant": .string(tenant.name), "reason": .string(reason)]))
        context.record.update { $0.tenant = tenant.name }
        throw HTTPFailure(.forbidden, "Forbidden: Bot access not allowed", responseType: "bot-blocked")
    }
}
