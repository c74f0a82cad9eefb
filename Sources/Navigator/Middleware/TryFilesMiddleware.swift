import NIOCore
import NavigatorConfig
import NavigatorCore
import HTTPTypes

/// F9 (with D5): for extension-less paths, optionally redirects `/dir` to `/dir/` when `dir/index.html` exists, then
/// serves the first `public_dir + path + suffix` that is a regular file; otherwise passes the request on.
///
/// Runs on every path that reaches it (auth already ran earlier); `allowed_extensions` is not consulted.
struct TryFilesMiddleware: NavigatorMiddleware {
    /// Where files are looked up.
    let publicDirectory: PublicDirectory
    /// `server.root_path` ("" or `/prefix/`).
    let rootPath: String
    /// `try_files` suffixes, in order.
    let suffixes: [String]
    /// `normalize_trailing_slashes`.
    let normalizeTrailingSlashes: Bool
    /// Writes file responses (the same type the static stage uses).
    let responder: FileResponder

    /// Creates the stage from the compiled settings.
    init(settings: StaticSettings, rootPath: String, responder: FileResponder? = nil) {
        self.publicDirectory = PublicDirectory(root: settings.publicDir)
        self.rootPath = rootPath
        self.suffixes = settings.tryFiles
        self.normalizeTrailingSlashes = settings.normalizeTrailingSlashes
        self.responder = responder ?? FileResponder(settings: settings)
    }

    /// The pipeline factory: `nil` when `try_files` is empty (Navigator then skips the directory redirect too).
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> TryFilesMiddleware? {
        let settings = configuration.server.staticFiles
        guard !settings.tryFiles.isEmpty else { return nil }
        return TryFilesMiddleware(settings: settings, rootPath: configuration.server.rootPath)
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        guard let path = StaticRequestPath(rawPath: request.uri.path, rootPath: rootPath), path.fileExtension.isEmpty
        else {
            return try await next(request, context)
        }
        // Plain concatenation, as Navigator: `/docs` + `index.html` is `docsindex.html`.
        let candidates = suffixes.map { path.stripped + $0 }
        if path.hasDotDotSegment {
            guard publicDirectory.anyExistingNonDirectory(among: candidates) else {
                return try await next(request, context)
            }
            throw InvalidURLPath.failure(context: context, path: LexicalPath.join(publicDirectory.root, path.stripped))
        }
        if normalizeTrailingSlashes, !path.decoded.hasSuffix("/"),
            publicDirectory.isDirectoryWithIndex(path.stripped)
        {
            return Self.directoryRedirect(for: request, context: context)
        }
        guard let file = publicDirectory.firstFile(among: candidates) else {
            return try await next(request, context)
        }
        return try await responder.respond(with: file, to: request, requestPath: path, context: context)
    }

    /// 301 to the path plus `/`, query dropped, answered like Go's `http.Redirect`.
    ///
    /// The path is cleaned first (as Go does), so `//host` can never become a protocol-relative `Location`.
    static func directoryRedirect(for request: Request, context: NavigatorRequestContext) -> Response {
        let location = LexicalPath.clean(request.uri.path) + "/"
        context.record.update {
            $0.responseType = "redirect"
            $0.destination = location
        }
        var headers: HTTPFields = [.location: location]
        guard request.method == .get || request.method == .head else {
            headers[.contentLength] = "0"
            return Response(status: .movedPermanently, headers: headers)
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let body = ByteBuffer(string: "<a href=\"\(RedirectResponse.htmlEscape(location))\">Moved Permanently</a>.\n\n")
        if request.method == .head {
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .movedPermanently, headers: headers, body: ResponseBody())
        }
        return Response(status: .movedPermanently, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
