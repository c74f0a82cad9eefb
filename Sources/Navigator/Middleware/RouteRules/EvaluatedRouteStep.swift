/// The rule list as the middleware walks it: each run of consecutive redirects whose pattern is an exact literal
/// (`^/path$`, as every generated trailing-slash redirect is) becomes one dictionary look-up.
///
/// Without this, every request ran one comparison per tenant and copied each step's pattern on the way, so the
/// cost of a request grew with the number of tenants (docs/PERFORMANCE.md). At most one pattern of such a run can
/// match a path, so looking it up gives the same answer as walking the run; of two with the same text, the first
/// stays, as in the list.
enum EvaluatedRouteStep: Sendable {
    /// A step evaluated on its own.
    case step(RouteStep)
    /// Exact-literal redirects, by the path they match.
    case exactRedirects([String: RouteStep])

    /// `steps` with their runs of exact-literal redirects gathered, order otherwise kept.
    static func compile(_ steps: [RouteStep]) -> [EvaluatedRouteStep] {
        var result: [EvaluatedRouteStep] = []
        for step in steps {
            guard case .redirect(let pattern, _, _) = step, let literal = pattern.literal, literal.exact else {
                result.append(.step(step))
                continue
            }
            if case .exactRedirects(var table) = result.last {
                if table[literal.text] == nil { table[literal.text] = step }
                result[result.count - 1] = .exactRedirects(table)
            } else {
                result.append(.exactRedirects([literal.text: step]))
            }
        }
        return result
    }
}
