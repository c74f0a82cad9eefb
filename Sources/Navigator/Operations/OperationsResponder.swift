import FoundationEssentials
import HTTPTypes
import NavigatorCable
import NavigatorConfig
import NavigatorCore
import NavigatorProcess
import NIOCore

/// Answers the operations listener (`metrics.listen`): `/metrics` (Prometheus text), the status page at
/// `metrics.status_path`, its JSON at `<path>.json`, and its live feed at `<path>/cable` (TurboCable, on a hub of
/// its own, so the public `/cable` can never subscribe to it). Clients outside `metrics.allow` need the site's
/// htpasswd credentials (`auth:` enforced; 401 until they send valid ones) and get 403 when the site has no auth.
struct OperationsResponder: Sendable {
    /// `metrics:` as configured at start-up (the listener is restart-only).
    let settings: MetricsSettings
    /// The registry behind `/metrics`.
    let metrics: OperationsMetrics
    /// What the page reports.
    let status: StatusReporter
    /// The page's live feed.
    let feed: CableMiddleware
    /// The site's users, for clients outside `allow`; `nil` when auth is not enforced (they are refused).
    let users: HtpasswdStore?
    /// The realm of the challenge.
    let realm: String

    /// Answers one request.
    func respond(_ request: Request, context: NavigatorRequestContext) async throws -> Response {
        if let refusal = await refusal(of: request, context: context) { return refusal }
        let path = request.uri.path
        if path == settings.statusPath + "/cable" {
            return try await feed.handle(request, context: context) { _, _ in Self.text(.notFound, "404 page not found\n") }
        }
        guard request.method == .get || request.method == .head else {
            return Self.text(.methodNotAllowed, "405 method not allowed\n")
        }
        switch path {
        case "/metrics":
            let body = await metrics.exposition(hub: status.hub, tenants: status.tenants(), processes: status.processes)
            return Self.bytes(body, type: "text/plain; version=0.0.4; charset=utf-8")
        case settings.statusPath:
            return Self.bytes(Array(StatusPage.html.utf8), type: "text/html; charset=utf-8")
        case settings.statusPath + ".json":
            return Self.bytes(await status.json(), type: "application/json")
        default:
            return Self.text(.notFound, "404 page not found\n")
        }
    }

    /// `nil` when the client may read the listener: its network is allowed, or it sent valid credentials.
    private func refusal(of request: Request, context: NavigatorRequestContext) async -> Response? {
        if let peer = context.peer, settings.allow.contains(where: { $0.contains(peer.ip) }) { return nil }
        guard let users else {
            return Self.text(.forbidden, "403 forbidden: this client may not read the operations listener\n")
        }
        if let credentials = BasicCredentials(headers: request.headers),
           await users.verify(user: credentials.user, password: credentials.password) {
            return nil
        }
        var challenge = Self.text(.unauthorized, "Unauthorized\n")
        challenge.headers[.wwwAuthenticate] = AuthMiddleware.challenge(realm: realm).headers[.wwwAuthenticate]
        return challenge
    }

    private static func bytes(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .contentLength: "\(bytes.count)", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var response = bytes(Array(text.utf8), type: "text/plain; charset=utf-8")
        response.status = status
        return response
    }
}
