import NavigatorCore

extension AccessLogMiddleware {
    /// An accepted WebSocket upgrade is logged as one line when the upgraded socket closes — status 200, as
    /// Navigator logs hijacked WebSockets (§1b), with `request_time` = the socket's lifetime and whatever the stages
    /// recorded meanwhile. An upgrade no stage took is logged as the ordinary response it got.
    func logWhenClosed(
        _ acceptance: UpgradeSlot.Acceptance, in slot: UpgradeSlot, record: RequestRecord, info: AccessLogRequestInfo
    ) {
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
    }
}
