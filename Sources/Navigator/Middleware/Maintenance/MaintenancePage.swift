import HTTPTypes
public import NIOCore
public import NavigatorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The 503 maintenance page (F13), reusable by every stage that answers "not available right now": the maintenance
/// stage, a tenant that is not ready within `startup_timeout` (F28) and failed fly-replays.
public struct MaintenancePage: Sendable {
    /// The HTML bytes sent as the body.
    public let body: ByteBuffer

    /// A page with `html` as its body.
    public init(html: String) {
        self.body = ByteBuffer(string: html)
    }

    /// A page with `body` as its body.
    public init(body: ByteBuffer) {
        self.body = body
    }

    /// The page served when the configured file is missing (Navigator's texts, so monitors keep matching).
    public static let builtIn = MaintenancePage(html: builtInHTML)

    /// Reads `path` (`MaintenanceSettings.page`, already resolved); the built-in page when it cannot be read.
    ///
    /// Blocking: call it while building a pipeline generation, not on an event loop.
    public static func load(path: String) -> MaintenancePage {
        readFile(path).map { MaintenancePage(body: $0) } ?? .builtIn
    }

    /// The 503 response with this page; records `response_type: maintenance`. HEAD gets the headers only.
    public func response(to request: Request, context: NavigatorRequestContext) -> Response {
        Self.response(page: self, request: request, context: context)
    }

    /// The 503 response with `page` (built-in by default); records `response_type: maintenance`.
    public static func response(
        page: MaintenancePage = .builtIn, request: Request, context: NavigatorRequestContext
    ) -> Response {
        context.record.update { $0.responseType = "maintenance" }
        let headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-cache, no-store, must-revalidate",
            .init("Pragma")!: "no-cache",
            .expires: "0",
            .contentLength: String(page.body.readableBytes),
        ]
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: page.body)
        return Response(status: .serviceUnavailable, headers: headers, body: body)
    }

    /// The whole file at `path`, or `nil` when it is missing, unreadable or not a regular file.
    private static func readFile(_ path: String) -> ByteBuffer? {
        guard PublicDirectory.status(of: path)?.kind == .regular, let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var buffer = ByteBuffer()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            buffer.writeBytes(chunk[..<count])
        }
        return ferror(file) == 0 ? buffer : nil
    }

    /// Navigator's fallback page.
    static let builtInHTML = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="UTF-8">
            <meta name="viewport" content="width=device-width, initial-scale=1.0">
            <title>Service Temporarily Unavailable</title>
            <style>
                body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif;
                       display: flex; justify-content: center; align-items: center; min-height: 100vh; margin: 0;
                       padding: 20px; background: #4b5b8f; color: white; }
                .container { text-align: center; max-width: 600px; padding: 3rem; border-radius: 20px;
                             background: rgba(255, 255, 255, 0.1); }
                h1 { font-size: 2.5rem; margin: 0 0 1rem 0; }
                p { font-size: 1.1rem; line-height: 1.6; }
                .status-code { font-size: 1rem; opacity: 0.7; margin-top: 2rem; }
            </style>
        </head>
        <body>
            <div class="container">
                <h1>Service Temporarily Unavailable</h1>
                <p>The service you are trying to reach is currently unavailable.</p>
                <p>This may be due to maintenance or a temporary deployment.</p>
                <p>Please try again in a few moments.</p>
                <div class="status-code">Error 503</div>
            </div>
        </body>
        </html>
        """
}
