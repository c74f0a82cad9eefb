import NavigatorConfig
import NavigatorCore

/// F8: serves a file from `public_dir` when the path (rewritten, `root_path` stripped) has an allowed extension and
/// names a regular file there; otherwise passes the request on.
///
/// Runs after CGI and reverse proxies and before try_files, maintenance and the tenants, so a file under `public_dir`
/// shadows a tenant route and is still served in maintenance mode. Path safety: docs/STATIC-FILES.md.
struct StaticFileMiddleware: NavigatorMiddleware {
    /// Where files are looked up.
    let publicDirectory: PublicDirectory
    /// `server.root_path` ("" or `/prefix/`).
    let rootPath: String
    /// `allowed_extensions` (no dots, case-sensitive); empty = every extension.
    let allowedExtensions: Set<String>
    /// Writes the responses.
    let responder: FileResponder

    /// Creates the stage from the compiled settings.
    init(settings: StaticSettings, rootPath: String, responder: FileResponder? = nil) {
        self.publicDirectory = PublicDirectory(root: settings.publicDir)
        self.rootPath = rootPath
        self.allowedExtensions = Set(settings.allowedExtensions)
        self.responder = responder ?? FileResponder(settings: settings)
    }

    /// The pipeline factory: static files are always on (`public_dir` defaults to `public`).
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> StaticFileMiddleware? {
        StaticFileMiddleware(settings: configuration.server.staticFiles, rootPath: configuration.server.rootPath)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        guard let path = StaticRequestPath(rawPath: request.uri.path, rootPath: rootPath) else {
            return try await next(request, context)
        }
        let fileExtension = path.fileExtension.dropFirst()
        guard !fileExtension.isEmpty, allowedExtensions.isEmpty || allowedExtensions.contains(String(fileExtension))
        else {
            return try await next(request, context)
        }
        if path.hasDotDotSegment {
            // Navigator answers 400 only when the cleaned join names something; nothing is ever opened.
            guard publicDirectory.anyExistingNonDirectory(among: [path.stripped]) else {
                return try await next(request, context)
            }
            throw InvalidURLPath.failure(context: context, path: responder.loggedPath.path(forRequestPath: path.stripped))
        }
        guard let file = publicDirectory.firstFile(among: [path.stripped]) else {
            return try await next(request, context)
        }
        return try await responder.respond(with: file, to: request, requestPath: path, context: context)
    }
}

/// Go's answer to a path with `..` segments that names an existing file: 400 `invalid URL path`.
enum InvalidURLPath {
    /// Records the outcome and returns the error to throw.
    static func failure(context: NavigatorRequestContext, path: String) -> HTTPFailure {
        context.record.update { $0.filePath = path }
        return HTTPFailure(.badRequest, "invalid URL path", responseType: "static")
    }
}
