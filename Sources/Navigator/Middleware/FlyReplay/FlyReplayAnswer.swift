import FoundationEssentials
import HTTPTypes
import NIOCore
import NavigatorConfig
import NavigatorCore

/// F12 + D3: what one `routes.fly.replay[]` rule answers for a matching request.
///
/// * A body that is too big to replay — `Content-Length` ≥ 1 MiB, or a chunked POST/PUT/PATCH without a length —
///   skips the rule (`nil`) and rule evaluation goes on, as Navigator.
/// * `methods` (D3): a request whose method is not listed skips the rule.
/// * A request Fly already replayed back to us (`Fly-Replay-Failed` present) or one that is our own retry
///   (`X-Navigator-Retry: true`) gets the maintenance page (503), so a replay can never loop.
/// * Otherwise: the rule's status (307 by default), `Content-Type: application/vnd.fly.replay+json` and the JSON body
///   Navigator sends — `{"app":…}` for an app; for a region `fallback: force_self`, `timeout: 30s` and a transform
///   that marks the retry and carries `Authorization` over.
/// * `machine` (D3; Navigator could not express it): `prefer_instance` with the app (`app`, else `$FLY_APP_NAME`),
///   `fallback`/`timeout` as for regions, and the retry transform when the machine belongs to this app.
struct FlyReplayAnswer: Sendable {
    /// The rule.
    let rule: FlyReplayRule
    /// The 503 page for failed and retried replays.
    let maintenance: MaintenancePage
    /// `$FLY_APP_NAME` of this server.
    let currentApp: String?

    /// Requests at least this big are not replayed (Fly's replay limit).
    static let maximumBody = 1_048_576
    /// Fly's wait for the replay target.
    static let timeout = "30s"

    /// The answer, or `nil` to skip this rule.
    func respond(to request: Request, context: NavigatorRequestContext) -> Response? {
        if !rule.methods.isEmpty, !rule.methods.contains(request.method.rawValue) { return nil }
        if Self.isTooBig(request) { return nil }
        if let failed = request.headers[Self.failedHeader], !failed.isEmpty {
            return maintenance.response(to: request, context: context)
        }
        if request.headers[Self.retryHeader] == "true" {
            return maintenance.response(to: request, context: context)
        }
        let destination = self.destination
        context.record.update {
            $0.responseType = "fly-replay"
            $0.destination = destination
        }
        let body = ByteBuffer(string: json(authorization: request.headers[.authorization]).encoded)
        let headers: HTTPFields = [
            .contentType: "application/vnd.fly.replay+json",
            .contentLength: String(body.readableBytes),
        ]
        return Response(
            status: .init(code: rule.status), headers: headers,
            body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }

    /// `Fly-Replay-Failed`.
    static let failedHeader = HTTPField.Name("Fly-Replay-Failed")!
    /// `X-Navigator-Retry`.
    static let retryHeader = HTTPField.Name("X-Navigator-Retry")!

    /// Whether the body is too big (or of unknown size on a body method) to be replayed.
    static func isTooBig(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }) {
            return length >= Int64(maximumBody)
        }
        let chunked = request.headers[.transferEncoding] != nil
        return chunked && [.post, .put, .patch].contains(request.method)
    }

    /// The access log's `destination`.
    var destination: String {
        switch rule.target {
        case .app(let app): "app=\(app)"
        case .region(let region): region
        case .machine(let id, let app): "machine=\(id):\(app ?? currentApp ?? "")"
        }
    }

    /// The replay instructions.
    func json(authorization: String?) -> GoJSON {
        var setHeaders: [GoJSON] = [.object(["name": .string("X-Navigator-Retry"), "value": .string("true")])]
        if let authorization, !authorization.isEmpty {
            setHeaders.append(.object(["name": .string("Authorization"), "value": .string(authorization)]))
        }
        let transform = GoJSON.object(["set_headers": .array(setHeaders)])
        switch rule.target {
        case .app(let app):
            return .object(["app": .string(app)])
        case .region(let region):
            return .object([
                "region": .string(region), "fallback": .string("force_self"), "timeout": .string(Self.timeout),
                "transform": transform,
            ])
        case .machine(let id, let app):
            var members: [String: GoJSON] = [
                "prefer_instance": .string(id), "fallback": .string("force_self"), "timeout": .string(Self.timeout),
            ]
            let target = app ?? currentApp
            if let target { members["app"] = .string(target) }
            if target == nil || target == currentApp { members["transform"] = transform }
            return .object(members)
        }
    }
}

/// Builds the rule-list steps for `routes.fly.replay` (they sit between the rewrites and the slash redirects, F10).
enum FlyReplaySteps {
    /// One intercept step per rule, in file order.
    static func steps(
        for configuration: NavigatorConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [RouteStep] {
        let rules = configuration.routes.flyReplay
        guard !rules.isEmpty else { return [] }
        let page = MaintenancePage.load(path: configuration.maintenance.page)
        let app = environment["FLY_APP_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        return rules.map { rule in
            let answer = FlyReplayAnswer(rule: rule, maintenance: page, currentApp: app)
            return .intercept(pattern: rule.pattern) { request, context, _ in
                answer.respond(to: request, context: context)
            }
        }
    }
}
