import Hummingbird
import NavigatorCore

extension AccessLogMiddleware {
    /// An upgrade probe is logged at most once: not at all when no stage took the upgrade (the same request then
    /// runs again as plain HTTP and that run is logged), and as one line when the upgraded socket closes — status
    /// 200, as Navigator logs hijacked WebSockets (§1b), with `request_time` = the socket's lifetime.
    func probe(
        _ request: Request, context: NavigatorRequestContext, slot: UpgradeSlot, info: AccessLogRequestInfo,
        next: (Request, NavigatorRequestContext) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        guard let acceptance = slot.acceptance else { return response }
        let record = context.record
        slot.accept(headers: acceptance.headers) { [self] channel, logger in
            await acceptance.handler(channel, logger)
            let fields = record.snapshot
            emit(info: info, fields: fields, status: fields.statusOverride ?? 200, bytes: 0)
        }
        return response
    }
}
