import Hummingbird
import Logging
import HTTPTypes
import NavigatorCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Runs the current pipeline generation on an `Upgrade: websocket` request head as an upgrade probe (see
/// `UpgradeSlot`): empty body, a fresh slot in the context, the response thrown away. Returns what a stage accepted.
struct UpgradeProbe: Sendable {
    /// Where the current generation lives.
    let holder: PipelineHolder

    /// Probes `head` arriving on `channel`; `nil` when no stage took the upgrade (or the head is not convertible).
    func run(head: HTTPRequestHead, channel: any Channel, logger: Logger) async -> UpgradeSlot.Acceptance? {
        guard let request = try? HTTPRequest(head, secure: false, splitCookie: false) else { return nil }
        let slot = UpgradeSlot()
        var context = NavigatorRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        context.upgrade = slot
        // Errors are answers the HTTP run will give again; only the slot matters here.
        _ = try? await holder.pipeline.respond(to: Request(head: request, body: .init(buffer: ByteBuffer())), context: context)
        return slot.acceptance
    }
}
