import Hummingbird
import NavigatorCore

extension AccessLogMiddleware {
    /// An upgrade probe is logged at most once: not at all when no stage took the upgrade (the same request then
    /// runs again as plain HTTP and that run is logged), and as one line when the upgraded socket closes — status
    /// 200, as Navigator logs hijacked WebSockets (§1b), with `request_time` = the socket's lifetime.
    func probe(
        _ request: Request, context: NavigatorRequestContext, slot: UpgradeSlot, info: AccessLogRequestInfo,
        next: NextHandler
    ) async throws -> Response {
        let response = try await next(request, context)
        guard let acceptance = slot.acceptance else { return response }
        let record = context.record
        // The line is written when the socket closes, with whatever the stages recorded meanwhile.
        let logClose: @Sendable () -> Void = { [self] in
            let fields = record.snapshot
            emit(info: info, fields: fields, status: fields.statusOverride ?? 200, bytes: 0)
        }
        switch acceptance.service {
        case .frames(let handler):
            slot.accept(headers: acceptance.headers) { channel, logger in
                await handler(channel, logger)
                logClose()
            }
        case .channel(let install):
            slot.accept(headers: acceptance.headers) { channel in
                try install(channel)
                channel.closeFuture.whenComplete { _ in logClose() }
            }
        }
        return response
    }
}
