import HTTPTypes
import NavigatorConfig
import NavigatorCore

/// F6 + D21: HTTP Basic authentication against an htpasswd file.
///
/// Exemptions (`public_paths`, `auth_patterns`) are decided on the original path before any rewrite, in canonical
/// form only (see `AuthExemptions`, `AuthRequestPath`). Anything else needs a user and password that verify against
/// the file as it is now: the store notices changes within a second, and a credential cache keeps bcrypt off the
/// hot path for browsers that send the same credentials on every request. A failure answers
/// `401 Unauthorized` with `WWW-Authenticate: Basic realm="<realm>"`; the access log gets `auth-failure` and the user.
struct AuthMiddleware: NavigatorMiddleware {
    /// Exemption rules and realms.
    let exemptions: AuthExemptions
    /// The users.
    let store: HtpasswdStore

    /// The pipeline factory: `nil` unless auth is enforced; throws when the htpasswd file cannot be read.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) throws -> AuthMiddleware? {
        let settings = configuration.auth
        guard settings.enforced, let path = settings.htpasswdPath else { return nil }
        let store = try services.auth.store(path: path, logger: services.logger)
        return AuthMiddleware(exemptions: AuthExemptions(settings: settings), store: store)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        var context = context
        let rawPath = context.originalPath.isEmpty ? request.uri.path : context.originalPath
        let realm: String
        switch exemptions.decision(forRawPath: rawPath) {
        case .exempt:
            context.isPublic = true
            return try await next(request, context)
        case .protected(let protectedRealm):
            realm = protectedRealm
        }
        let credentials = BasicCredentials(headers: request.headers)
        if let credentials {
            context.record.update { $0.remoteUser = credentials.user }
            if await store.verify(user: credentials.user, password: credentials.password) {
                context.remoteUser = credentials.user
                return try await next(request, context)
            }
        }
        throw Self.challenge(realm: realm)
    }

    /// The 401 answer for `realm` (Go's `http.Error` body `Unauthorized`).
    static func challenge(realm: String) -> HTTPFailure {
        HTTPFailure(
            .unauthorized, "Unauthorized",
            headers: [.wwwAuthenticate: "Basic realm=\"\(quoted(realm))\""],
            responseType: "auth-failure"
        )
    }

    /// `text` with `"` and `\` escaped, so a realm cannot break out of its quoted string.
    static func quoted(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
    }
}
