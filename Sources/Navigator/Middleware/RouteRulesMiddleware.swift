import NavigatorConfig
import NavigatorCore

/// F10 (+ D3 forms, F1 and `root_path` slash redirects): runs the ordered rule list against the current path.
///
/// For each step whose regex matches the (decoded) path, in order:
/// * **redirect** → `Location` = the path with every match replaced (Go template syntax), resolved like Go's
///   `http.Redirect`; the answer stops the pipeline. Access log: `response_type: redirect`, `destination`.
/// * **rewrite** → the path is replaced, the query kept, and evaluation continues with the new path, so rewrites
///   chain and can trigger a later (never an earlier) rule. Later stages and the access log's `uri` see it.
/// * **intercept** (fly-replay) → its handler answers or declines.
struct RouteRulesMiddleware: NavigatorMiddleware {
    /// The compiled rule list, in evaluation order, with its runs of exact redirects gathered (`EvaluatedRouteStep`).
    private let evaluated: [EvaluatedRouteStep]

    /// Creates the stage over a compiled list.
    init(steps: [RouteStep]) {
        self.evaluated = EvaluatedRouteStep.compile(steps)
    }

    /// The pipeline factory: `nil` when there are no rules, no `root_path` and no tenant to redirect to.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> RouteRulesMiddleware? {
        // Fly-Replay rules sit between the rewrites and the generated slash redirects (F10, F12).
        let steps = RouteStep.steps(for: configuration, interceptors: FlyReplaySteps.steps(for: configuration))
        return steps.isEmpty ? nil : RouteRulesMiddleware(steps: steps)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        var path = URLPathEncoding.decode(request.uri.path)
        var current = request
        var rewritten = false
        for entry in evaluated {
            let step: RouteStep
            switch entry {
            case .step(let single):
                step = single
            case .exactRedirects(let table):
                guard let found = table[path] else { continue }
                step = found
            }
            switch step {
            case .redirect(let pattern, let target, let status):
                let matches = pattern.allMatches(in: path)
                guard !matches.isEmpty else { continue }
                let replaced = target.replaceAll(in: path, matches: matches, groupNames: pattern.groupNames)
                let location = RedirectTarget.resolve(replaced, currentPath: path)
                context.record.update {
                    $0.responseType = "redirect"
                    $0.destination = location
                }
                return RedirectResponse.make(status: status, location: location, method: request.method)
            case .rewrite(let pattern, let replacement):
                let matches = pattern.allMatches(in: path)
                guard !matches.isEmpty else { continue }
                path = replacement.replaceAll(in: path, matches: matches, groupNames: pattern.groupNames)
                rewritten = true
                let newPath = path
                context.record.update { $0.rewrittenPath = newPath }
            case .intercept(let pattern, let handler):
                guard pattern.matches(path) else { continue }
                if rewritten {
                    current = Self.request(current, withPath: path)
                    rewritten = false
                }
                if let response = try await handler(current, context, path) { return response }
            }
        }
        if rewritten { current = Self.request(current, withPath: path) }
        return try await next(current, context)
    }

    /// `request` with its path replaced by `path` (percent-encoded as Go's `EscapedPath`) and its query kept.
    static func request(_ request: Request, withPath path: String) -> Request {
        var head = request.head
        let query = request.uri.query.map { "?" + $0 } ?? ""
        head.path = URLPathEncoding.encode(path) + query
        return Request(head: head, body: request.body)
    }
}
