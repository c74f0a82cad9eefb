import FoundationEssentials
import NavigatorConfig
import NavigatorCore

/// F16 + D18 + D30: CGI scripts on exact paths, after the rule list (so rewrites apply) and before reverse proxies.
///
/// The last entry for a path wins (as Navigator); a method mismatch falls through to the later stages.
/// `allowed_users` admits only users whose credentials verified against the htpasswd file — either by the auth
/// stage or, on a path auth left public, here: no credentials → 401 `Unauthorized`, a user not listed → 403
/// `Forbidden`. (Navigator trusted the user name in the header without checking the password when the path was
/// public or auth was off; we never do, so with auth off a script with `allowed_users` admits nobody.)
struct CGIMiddleware: NavigatorMiddleware {
    /// Scripts by exact path.
    let scripts: [String: CGIScriptSpec]
    /// Users, for `allowed_users` on paths auth did not check; `nil` when auth is off.
    let store: HtpasswdStore?
    /// The shared pieces every run needs.
    let services: PipelineServices
    /// The server's environment at build time.
    let baseEnvironment: [(String, String)]

    /// The pipeline factory: `nil` without scripts.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) throws -> CGIMiddleware? {
        guard !configuration.server.cgiScripts.isEmpty else { return nil }
        var scripts: [String: CGIScriptSpec] = [:]
        for spec in configuration.server.cgiScripts { scripts[spec.path] = spec }
        var store: HtpasswdStore?
        if configuration.auth.enforced, let path = configuration.auth.htpasswdPath {
            store = try services.auth.store(path: path, logger: services.logger)
        }
        let environment = ProcessInfo.processInfo.environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return CGIMiddleware(scripts: scripts, store: store, services: services, baseEnvironment: environment)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        let path = URLPathEncoding.decode(request.uri.path)
        guard let spec = scripts[path], spec.method == nil || spec.method == request.method.rawValue else {
            return try await next(request, context)
        }
        var context = context
        if !spec.allowedUsers.isEmpty {
            let user = try await verifiedUser(request, context)
            guard spec.allowedUsers.contains(user) else {
                throw HTTPFailure(.forbidden, "Forbidden", responseType: "cgi")
            }
            context.remoteUser = user
        }
        let runner = CGIRunner(
            spec: spec, baseEnvironment: baseEnvironment, reloadHook: services.reloadHook, logger: services.logger)
        return try await runner.respond(to: request, context: context)
    }

    /// The user the auth stage verified, or the Basic user verified here; 401 when there is none.
    private func verifiedUser(_ request: Request, _ context: NavigatorRequestContext) async throws -> String {
        if let user = context.remoteUser { return user }
        if let credentials = BasicCredentials(headers: request.headers), let store,
           await store.verify(user: credentials.user, password: credentials.password) {
            context.record.update { $0.remoteUser = credentials.user }
            return credentials.user
        }
        throw HTTPFailure(.unauthorized, "Unauthorized", responseType: "cgi")
    }
}
