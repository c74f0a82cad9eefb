import AsyncHTTPClient
import NavigatorConfig
import NavigatorCore
import NavigatorProcess
import NIOHTTP1

/// Step 13 of the pipeline (F1, F2, F28, F33, D2): routes to the tenant with the longest path prefix, starts its app
/// on demand, waits up to `startup_timeout` (then the maintenance page), and proxies the request with its full path.
///
/// It is the last stage: it answers every request that reaches it (404 when no tenant matches).
struct TenantProxyMiddleware: NavigatorMiddleware {
    /// Longest-prefix routing.
    let router: TenantRouter
    /// Tenant apps; `nil` when the pipeline is only being checked (`--check`).
    let runtime: ProcessRuntime?
    /// Served when an app is not ready within `startup_timeout`.
    let maintenancePage: MaintenancePage
    /// `server.trust_proxy`.
    let trustProxy: Bool

    /// The pipeline factory: `nil` when no tenants are configured (the terminal 404 answers instead).
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> TenantProxyMiddleware? {
        let tenants = configuration.applications.tenants
        guard !tenants.isEmpty else { return nil }
        return TenantProxyMiddleware(
            router: TenantRouter(tenants: tenants), runtime: services.processes,
            maintenancePage: MaintenancePage.load(path: configuration.maintenance.page),
            trustProxy: configuration.server.trustProxy)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        try await serve(request, context: context)
    }

    /// The stage as a plain handler (the proxied health check, F14, calls it directly).
    var handler: RequestHandler {
        { request, context in try await serve(request, context: context) }
    }

    /// Routes, starts, waits and proxies.
    func serve(_ request: Request, context: NavigatorRequestContext) async throws -> Response {
        guard let tenant = router.tenant(for: URLPathEncoding.decode(request.uri.path)) else { throw HTTPFailure.notFound }
        context.record.update { $0.tenant = tenant.name }
        guard let runtime else {
            throw HTTPFailure(.internalServerError, "Failed to start application", responseType: "error")
        }
        if let slot = context.upgrade, TenantWebSocketProxy.isUpgrade(request),
           let answer = try await TenantWebSocketProxy(trustProxy: trustProxy)
               .accept(request, context: context, slot: slot, tenant: tenant, tenants: runtime.tenants)
        {
            return answer
        }
        let lease = await runtime.tenants.acquire(tenant)
        switch lease.outcome {
        case .ready(let port):
            context.record.update {
                $0.responseType = "proxy"
                $0.proxyBackend = "tenant:\(tenant.name)"
            }
            var headers = ProxyHeaders.upstreamRequestHeaders(from: request.headers)
            // HTTP/1's Host arrives as the request's authority; the app sees the client's Host (F1).
            if let authority = request.head.authority { headers.replaceOrAdd(name: "Host", value: authority) }
            ProxyHeaders.addForwardingHeaders(
                to: &headers, incoming: request.headers, peerIP: context.peer?.ip, authority: request.head.authority,
                trustProxy: trustProxy)
            return try await HTTPProxy.forward(
                request, context: context, target: .local(port: port, requestTarget: request.head.path ?? "/"),
                headers: headers, finish: FinishOnce { await lease.release() })
        case .timedOut:
            await lease.release()
            return maintenancePage.response(to: request, context: context)
        case .failed(let message):
            await lease.release()
            context.record.update { $0.errorMessage = message }
            throw HTTPFailure(.internalServerError, "Failed to start application", responseType: "error")
        case .cancelled:
            await lease.release()
            context.record.update {
                $0.statusOverride = 499
                $0.responseType = "client_closed"
            }
            return Response(status: .init(code: 499))
        }
    }
}
