import NavigatorConfig
import NavigatorCore

/// One entry of F10's ordered rule list, compiled once per pipeline generation.
enum RouteStep: Sendable {
    /// On a match: answer `status` with `Location` = the path with every match replaced by `target`.
    case redirect(pattern: PathPattern, target: ReplacementTemplate, status: Int)
    /// On a match: replace the path (every match) and keep evaluating later steps.
    case rewrite(pattern: PathPattern, replacement: ReplacementTemplate)
    /// On a match: let `handler` answer; `nil` from it means "skip this rule" and evaluation continues
    /// (the slot fly-replay rules use, F12: they sit between the rewrites and the generated slash redirects).
    case intercept(pattern: PathPattern, handler: RouteInterceptor)

    /// The step's regex.
    var pattern: PathPattern {
        switch self {
        case .redirect(let pattern, _, _), .rewrite(let pattern, _), .intercept(let pattern, _):
            return pattern
        }
    }

    /// The whole list for `configuration`: configured redirects and rewrites (already in file order), then
    /// `interceptors` (fly-replay), then the generated trailing-slash redirects — `root_path` first, then each
    /// tenant — each a 302 from `^<path without its trailing slash>$` to the path.
    static func steps(for configuration: NavigatorConfiguration, interceptors: [RouteStep] = []) -> [RouteStep] {
        var steps = configuration.routes.rules.map(step(for:))
        steps += interceptors
        steps += slashRedirects(for: [configuration.server.rootPath] + configuration.applications.tenants.map(\.path))
        return steps
    }

    /// Compiles one configured rule.
    static func step(for rule: RouteRule) -> RouteStep {
        switch rule.kind {
        case .redirect(let status):
            return .redirect(pattern: rule.pattern, target: ReplacementTemplate(rule.replacement), status: status)
        case .rewrite:
            return .rewrite(pattern: rule.pattern, replacement: ReplacementTemplate(rule.replacement))
        }
    }

    /// 302s from `/a` to `/a/` for each path ending in `/` (the path is matched literally; `/` itself and empty
    /// paths get none, since the bare form would be the empty path).
    static func slashRedirects(for paths: [String]) -> [RouteStep] {
        paths.compactMap { path in
            guard path.hasSuffix("/"), path.count > 1 else { return nil }
            let bare = String(path.dropLast())
            guard let pattern = try? PathPattern("^" + escapeRegex(bare) + "$") else { return nil }
            return .redirect(pattern: pattern, target: ReplacementTemplate(literal: path), status: 302)
        }
    }

    /// `text` with regex metacharacters escaped, so a tenant path like `/v1.0/` matches only itself.
    static func escapeRegex(_ text: String) -> String {
        var output = ""
        for character in text {
            if "\\.+*?()|[]{}^$".contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }
}

/// A rule handler plugged into the rule list: receives the request (with any rewrites so far applied), the
/// context and the current decoded path; returns a response, or `nil` to let evaluation continue.
typealias RouteInterceptor = @Sendable (Request, NavigatorRequestContext, String) async throws -> Response?
