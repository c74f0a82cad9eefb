import Foundation
import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Synchronization
import Testing
import NIOCore

/// What the probe stage saw of one request.
struct ProbeSighting: Sendable {
    /// The request path as it reached the probe (percent-encoded, no query).
    let path: String
    /// The query as it reached the probe.
    let query: String?
    /// The `X-Request-Id` header as it reached the probe.
    let requestIDHeader: String?
    /// `context.requestID`.
    let contextRequestID: String
    /// `context.originalPath`.
    let originalPath: String
}

/// A last stage that answers 200 `probe <uri>` and remembers every request it saw.
final class RequestProbe: Sendable {
    private let seen = Mutex<[ProbeSighting]>([])

    /// Every request seen, in order.
    var sightings: [ProbeSighting] { seen.withLock { $0 } }

    /// The stage to put last in a pipeline.
    var stage: NamedMiddleware {
        NamedMiddleware("probe", ClosureStage { [self] request, context in
            let sighting = ProbeSighting(
                path: request.uri.path, query: request.uri.query,
                requestIDHeader: request.headers[RequestIDMiddleware.headerName],
                contextRequestID: context.requestID, originalPath: context.originalPath
            )
            seen.withLock { $0.append(sighting) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "probe " + request.uri.string)))
        })
    }
}

/// A stage that answers every request with a closure (never calls `next`).
struct ClosureStage: NavigatorMiddleware {
    /// Produces the answer.
    let body: @Sendable (Request, NavigatorRequestContext) async throws -> Response

    init(_ body: @escaping @Sendable (Request, NavigatorRequestContext) async throws -> Response) {
        self.body = body
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        try await body(request, context)
    }
}

/// Applications for the routing and logging middleware tests.
enum RoutingHarness {
    /// The `@timestamp` the harness's access log writes.
    static let timestamp = "2026-03-28T12:00:00.000-04:00"

    /// request-id → access-log (fixed timestamp) → error boundary → `stages` → 404.
    static func app(
        configuration: NavigatorConfiguration = NavigatorConfiguration(),
        log: LineCollector = LineCollector(),
        stages: [NamedMiddleware]
    ) -> TestApp {
        let accessLog = AccessLogMiddleware(
            trustProxy: configuration.server.trustProxy, sink: log.sink, timestamp: { timestamp }
        )
        let front = [
            NamedMiddleware("request-id", RequestIDMiddleware()),
            NamedMiddleware("access-log", accessLog),
            NamedMiddleware("error-boundary", ErrorBoundaryMiddleware()),
        ]
        return TestApplication.make(configuration: configuration, middlewares: front + stages)
    }

    /// The route-rules stage for `configuration`, followed by `probe`.
    static func rulesApp(
        configuration: NavigatorConfiguration, probe: RequestProbe = RequestProbe(), log: LineCollector = LineCollector()
    ) throws -> TestApp {
        let rules = try #require(RouteRulesMiddleware.make(from: configuration, services: TestApplication.services()))
        return app(configuration: configuration, log: log, stages: [NamedMiddleware("route-rules", rules), probe.stage])
    }

    /// A configuration holding `rules`, optional tenants and a root path.
    static func configuration(
        rules: [RouteRule] = [], tenants: [String] = [], rootPath: String = ""
    ) -> NavigatorConfiguration {
        NavigatorConfiguration(
            server: ServerSettings(rootPath: rootPath),
            routes: RouteSettings(rules: rules),
            applications: ApplicationSettings(tenants: tenants.map { path in
                TenantSpec(path: path, name: path, root: "/tmp", command: AppCommand(executable: "true", arguments: []))
            })
        )
    }

    /// A redirect rule.
    static func redirect(_ pattern: String, _ target: String, status: Int = 302) throws -> RouteRule {
        RouteRule(pattern: try PathPattern(pattern), replacement: target, kind: .redirect(status: status))
    }

    /// A rewrite rule.
    static func rewrite(_ pattern: String, _ replacement: String) throws -> RouteRule {
        RouteRule(pattern: try PathPattern(pattern), replacement: replacement, kind: .rewrite)
    }
}

/// One access-log line: its keys in written order and its decoded values.
struct LoggedLine {
    /// Keys in the order they appear.
    let keys: [String]
    /// Decoded object.
    let object: [String: Any]

    /// Parses `line`.
    init(_ line: String) throws {
        self.keys = Self.orderedKeys(line)
        let decoded = try JSONSerialization.jsonObject(with: Data(line.utf8))
        self.object = try #require(decoded as? [String: Any])
    }

    /// A string field.
    func string(_ key: String) -> String? { object[key] as? String }

    /// An integer field.
    func int(_ key: String) -> Int? { object[key] as? Int }

    /// The keys of a flat JSON object whose values are strings or numbers, in order.
    static func orderedKeys(_ line: String) -> [String] {
        var keys: [String] = []
        let scalars = Array(line.unicodeScalars)
        var index = 1
        var expectingKey = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" {
                var end = index + 1
                var text = String.UnicodeScalarView()
                while end < scalars.count, scalars[end] != "\"" {
                    if scalars[end] == "\\" { end += 1 }
                    text.append(scalars[end])
                    end += 1
                }
                if expectingKey { keys.append(String(text)) }
                expectingKey = false
                index = end + 1
            } else {
                if scalar == "," { expectingKey = true }
                index += 1
            }
        }
        return keys
    }
}

/// The mandatory access-log keys, in Navigator's order.
let accessLogBaseKeys = [
    "@timestamp", "client_ip", "remote_user", "method", "uri", "protocol", "status", "body_bytes_sent",
    "request_id", "request_time", "referer", "user_agent", "fly_request_id",
]

/// Builds header fields from pairs, keeping order and repeats.
func headerFields(_ pairs: [(String, String)]) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in pairs { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
    return fields
}
