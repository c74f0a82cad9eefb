import HTTPTypes
import NavigatorConfig
import NavigatorCore
import NIOHTTP1

/// F11 + §1a: `routes.reverse_proxies`, after CGI and before static files (§2). The first route in config order
/// whose `path` regex (unanchored, wins over `prefix`) or `prefix` matches the decoded path (Go's `r.URL.Path`)
/// takes the request; nothing else falls through. Each route's `connect_timeout`/`read_timeout` pick the shared
/// client it uses; a timeout answers 504.
///
/// Requests stream through the shared proxy core (`HTTPProxy`, `UpstreamClient`); WebSocket upgrades on
/// upgrades are tunnelled through `WebSocketUpstream` (frames relayed both ways), with §1a's rules on `websocket: true`
/// routes and the plain proxy's target elsewhere. Navigator logs no
/// `response_type` here; we log `proxy` (or `websocket`) with `proxy_backend` = the route name, else its target (D13).
struct ReverseProxyMiddleware: NavigatorMiddleware {
    /// The routes, in config order.
    let routes: [ReverseProxySpec]
    /// Each route's target, parsed once when it has no `$n` to substitute (`ReverseProxyTarget.fixed`).
    private let fixedTargets: [ReverseProxyTarget.Parsed?]

    /// Proxies through `routes`.
    init(routes: [ReverseProxySpec]) {
        self.routes = routes
        self.fixedTargets = routes.map(ReverseProxyTarget.fixed)
    }

    /// The pipeline factory: `nil` without routes.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> ReverseProxyMiddleware? {
        let routes = configuration.routes.reverseProxies
        return routes.isEmpty ? nil : ReverseProxyMiddleware(routes: routes)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        // Rules are written against the decoded path, as Navigator matches them: `/api%2Fv1` is `/api/v1`.
        let path = URLPathEncoding.decode(request.uri.path)
        for (route, fixed) in zip(routes, fixedTargets) {
            guard let groups = ReverseProxyTarget.match(route, path: path) else { continue }
            return try await proxy(request, context: context, route: route, fixed: fixed, path: path, groups: groups)
        }
        return try await next(request, context)
    }

    /// Answers `request` through `route`, whose target is `fixed` when it was parsed ahead.
    private func proxy(
        _ request: Request, context: NavigatorRequestContext, route: ReverseProxySpec,
        fixed: ReverseProxyTarget.Parsed?, path: String, groups: [String?]
    ) async throws -> Response {
        context.record.update {
            $0.responseType = "proxy"
            $0.proxyBackend = route.name.isEmpty ? route.target : route.name
        }
        if request.method == .options, !route.responseHeaders.isEmpty {
            var fields = HTTPFields()
            for entry in route.responseHeaders {
                if let name = HTTPField.Name(entry.name) { fields[name] = entry.value }
            }
            return Response(status: .ok, headers: fields)
        }
        if let slot = context.upgrade, route.websocket, Self.isWebSocketUpgrade(request),
           let answer = await tunnel(request, context: context, route: route, path: path, groups: groups, slot: slot)
        {
            return answer
        }
        guard let target = ReverseProxyTarget.httpTarget(
            route, path: path, query: request.uri.query, groups: groups, fixed: fixed)
        else {
            context.record.update { $0.errorMessage = "invalid reverse proxy target \(route.target)" }
            throw HTTPFailure(.badGateway, "Bad Gateway")
        }
        // The plain HTTP proxy tunnels upgrades too, as Go's ReverseProxy does: the HTTP target path, the client's Host.
        if let slot = context.upgrade, slot.acceptance == nil, TenantWebSocketProxy.isUpgrade(request),
           let answer = await tunnel(
               request, context: context, route: route, slot: slot, target: target, uri: target.requestURI,
               host: request.head.authority ?? target.authority)
        {
            return answer
        }
        var headers = ProxyHeaders.upstreamRequestHeaders(from: request.headers)
        // HTTP/1's Host arrives as the request's authority; the upstream sees the client's Host, not the target's.
        if let authority = request.head.authority { headers.replaceOrAdd(name: "Host", value: authority) }
        setRouteHeaders(route, on: &headers, request: request, context: context)
        if let peerIP = context.peer?.ip {
            let incoming = headers[canonicalForm: "x-forwarded-for"].joined(separator: ", ")
            headers.replaceOrAdd(name: "X-Forwarded-For", value: incoming.isEmpty ? peerIP : incoming + ", " + peerIP)
        }
        let timeouts = UpstreamClient.Timeouts(connect: route.connectTimeout, read: route.readTimeout)
        var response = try await HTTPProxy.forward(
            request, context: context, target: target, headers: headers, client: UpstreamClient.client(for: timeouts),
            timeouts: timeouts)
        for entry in route.responseHeaders {
            if let name = HTTPField.Name(entry.name) { response.headers[name] = entry.value }
        }
        return response
    }

    /// Whether the request qualifies for the WebSocket tunnel (§1a): `Connection` is exactly `upgrade` (any case;
    /// `keep-alive, Upgrade` does not) and `Upgrade` is `websocket`.
    static func isWebSocketUpgrade(_ request: Request) -> Bool {
        let connection = request.headers[values: .connection]
        let upgrade = request.headers[values: .upgrade]
        return connection.count == 1 && connection[0].lowercased() == "upgrade"
            && upgrade.contains { $0.lowercased() == "websocket" }
    }

    /// Sets the route's `headers` on the upstream request, substituting `$remote_addr`, `$scheme` and `$host`.
    private func setRouteHeaders(
        _ route: ReverseProxySpec, on headers: inout HTTPHeaders, request: Request, context: NavigatorRequestContext
    ) {
        guard !route.headers.isEmpty else { return }
        let forwardedFor = request.headers[HTTPField.Name("X-Forwarded-For")!]?
            .split(separator: ",").first.map { String($0.trimmingWhitespace()) } ?? ""
        let realIP = request.headers[HTTPField.Name("X-Real-IP")!] ?? ""
        let remoteAddress = !forwardedFor.isEmpty ? forwardedFor : !realIP.isEmpty ? realIP : context.peer?.ip ?? ""
        let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? ""
        let scheme = proto.isEmpty ? "http" : proto
        let host = request.head.authority ?? ""
        for entry in route.headers {
            let value = entry.value
                .replacing("$remote_addr", with: remoteAddress)
                .replacing("$scheme", with: scheme)
                .replacing("$host", with: host)
            headers.replaceOrAdd(name: entry.name, value: value)
        }
    }

    /// The `websocket: true` tunnel (§1a): its own target path rules, `Host` = the target's.
    private func tunnel(
        _ request: Request, context: NavigatorRequestContext, route: ReverseProxySpec, path: String,
        groups: [String?], slot: UpgradeSlot
    ) async -> Response? {
        guard let (target, uri) = ReverseProxyTarget.webSocket(route, path: path, query: request.uri.query, groups: groups)
        else { return Response(status: .badGateway) }
        return await tunnel(request, context: context, route: route, slot: slot, target: target, uri: uri, host: target.authority)
    }

    /// Makes the upstream handshake to `uri` on `target` with `Host: host` and, on 101, accepts the client's
    /// upgrade in `slot`, echoing the upstream's `Sec-WebSocket-Protocol`. An upstream that cannot be reached is the
    /// answer (502, or 504 on a timeout); one that answers without upgrading gives `nil`, and the request goes on
    /// as plain HTTP, so the client sees the upstream's own answer. An accepted one's response becomes the 101.
    private func tunnel(
        _ request: Request, context: NavigatorRequestContext, route: ReverseProxySpec, slot: UpgradeSlot,
        target: ReverseProxyTarget.Parsed, uri: String, host: String
    ) async -> Response? {
        var headers = WebSocketUpstream.handshakeRequestHeaders(
            from: ProxyHeaders.upstreamRequestHeaders(from: request.headers))
        headers.replaceOrAdd(name: "Host", value: host)
        setRouteHeaders(route, on: &headers, request: request, context: context)
        let handshake: WebSocketUpstream.Handshake
        do {
            handshake = try await WebSocketUpstream.connect(
                .init(host: target.host, port: target.port, tls: target.scheme == "https"), uri: uri, headers: headers,
                connectTimeout: route.connectTimeout, handshakeTimeout: route.readTimeout ?? .seconds(45))
        } catch {
            context.logger.warning("WebSocket upstream failed", metadata: .ordered(["route": .string(route.name), "error": "\(error)"]))
            return Response(status: ProxyFailure.isTimeout(error) ? .gatewayTimeout : .badGateway)
        }
        guard case .upgraded(let upstream, let subprotocol) = handshake else { return nil }
        var accepted = HTTPFields()
        if let subprotocol { accepted[.secWebSocketProtocol] = subprotocol }
        context.record.update { $0.responseType = "websocket" }
        slot.accept(headers: accepted) { client, _ in
            await WebSocketUpstream.relay(client: client, upstream: upstream)
        }
        return Response(status: .switchingProtocols)
    }
}
