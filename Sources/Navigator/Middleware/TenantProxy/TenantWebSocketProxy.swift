import HTTPTypes
import NavigatorConfig
import NavigatorCore
import NavigatorProcess
import NIOHTTP1

/// WebSocket pass-through to a tenant app (F29, D4), decided in the request's one pass (see `UpgradeSlot`): the app is
/// started if needed, the handshake is made with the app first, and only if it answers 101 is the client's upgrade
/// accepted, echoing the app's `Sec-WebSocket-Protocol`. An app that refuses leaves the request to the ordinary proxy,
/// so the client sees the app's own answer. With `track_websockets: false` the open socket holds nothing: the app
/// idles out as if it were closed.
struct TenantWebSocketProxy: Sendable {
    /// `server.trust_proxy`.
    let trustProxy: Bool

    /// Whether `request` asks for a WebSocket (`Upgrade: websocket` and a `Connection` listing `upgrade`).
    static func isUpgrade(_ request: Request) -> Bool {
        let upgrade = request.headers[values: .upgrade].contains { $0.lowercased().contains("websocket") }
        let connection = request.headers[values: .connection].contains { $0.lowercased().contains("upgrade") }
        return upgrade && connection
    }

    /// Makes the upstream handshake and, on success, accepts the upgrade in `slot` (the returned response is then
    /// replaced by the 101); `nil` when the app answered without upgrading, so the ordinary proxy answers instead.
    func accept(
        _ request: Request, context: NavigatorRequestContext, slot: UpgradeSlot, tenant: TenantSpec,
        tenants: TenantSupervisor
    ) async throws -> Response? {
        let lease = await tenants.acquire(tenant)
        let finish = FinishOnce { await lease.release() }
        guard case .ready(let port) = lease.outcome else {
            await finish.run()
            return Response(status: .serviceUnavailable)
        }
        var fields = HTTPFields()
        for field in request.headers where field.name != .connection && field.name != .upgrade {
            fields.append(field)
        }
        var headers = WebSocketUpstream.handshakeRequestHeaders(from: ProxyHeaders.upstreamRequestHeaders(from: fields))
        if let authority = request.head.authority { headers.replaceOrAdd(name: "Host", value: authority) }
        ProxyHeaders.addForwardingHeaders(
            to: &headers, incoming: request.headers, peerIP: context.peer?.ip, authority: request.head.authority,
            trustProxy: trustProxy)
        let handshake: WebSocketUpstream.Handshake
        do {
            handshake = try await WebSocketUpstream.connect(
                .init(host: "127.0.0.1", port: port), uri: request.head.path ?? "/", headers: headers)
        } catch {
            await finish.run()
            context.logger.warning("WebSocket upstream failed", metadata: .ordered(["tenant": .string(tenant.name), "error": "\(error)"]))
            return Response(status: .badGateway)
        }
        guard case .upgraded(let upstream, let subprotocol) = handshake else {
            await finish.run()
            return nil
        }
        if tenant.trackWebsockets {
            await lease.websocketOpened()
        } else {
            // D4: an untracked socket must not keep the app alive, so the request's hold ends with the handshake;
            // an idle stop then ends the app, and with it the relay.
            await finish.run()
        }
        var accepted = HTTPFields()
        if let subprotocol { accepted[.secWebSocketProtocol] = subprotocol }
        context.record.update {
            $0.responseType = "websocket"
            $0.proxyBackend = "tenant:\(tenant.name)"
        }
        slot.accept(headers: accepted) { client, _ in
            await WebSocketUpstream.relay(client: client, upstream: upstream)
            if tenant.trackWebsockets { await lease.websocketClosed() }
            await finish.run()
        }
        return Response(status: .switchingProtocols)
    }
}
