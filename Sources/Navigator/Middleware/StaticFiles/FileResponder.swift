import HTTPTypes
import NIOCore
import NavigatorConfig
import NavigatorCore

/// Answers a request with a file found under `public_dir`, with Go `http.ServeFile` semantics (F8, F9).
///
/// Shared by the static and try_files stages. A small file arrives already read by the lookup; bigger bodies stream
/// go out with `sendfile(2)` where the connection's writer can, else from disk in chunks (`FileChunks`, on NIO's
/// thread pool), so a large file is never held in memory.
struct FileResponder: Sendable {
    /// Content-Type by extension.
    let mimeTypes: MIMETypes
    /// `Cache-Control` by original path.
    let cacheControl: CacheControlPolicy
    /// How `file_path` is written in the access log.
    let loggedPath: LoggedFilePath
    /// Bytes read from disk per chunk.
    static let chunkLength = 128 * 1024

    /// Creates a responder for one pipeline generation.
    init(settings: StaticSettings, mimeTypes: MIMETypes = .shared) {
        self.mimeTypes = mimeTypes
        self.cacheControl = CacheControlPolicy(settings: settings.cacheControl)
        self.loggedPath = LoggedFilePath(settings: settings)
    }

    /// Serves `file` for `request`, whose decoded path is `requestPath`.
    func respond(
        with file: StaticFile, to request: Request, requestPath: StaticRequestPath, context: NavigatorRequestContext
    ) async throws -> Response {
        context.record.update {
            $0.responseType = "static"
            $0.filePath = loggedPath.path(forLookedUp: file.path)
        }
        // D22: Go redirects `…/index.html` to `./` relatively, so it stays correct under any prefix.
        if requestPath.decoded.hasSuffix("/index.html") {
            let location = request.uri.query.map { $0.isEmpty ? "./" : "./?\($0)" } ?? "./"
            context.record.update {
                $0.responseType = "redirect"
                $0.destination = location
            }
            return Response(status: .movedPermanently, headers: [.location: location, .contentLength: "0"])
        }

        let validators = ConditionalRequest(etag: ConditionalRequest.etag(for: file), modifiedSeconds: file.modifiedSeconds)
        var headers = HTTPFields()
        // Room for every header below (and those added later on the way out) without growing the storage.
        headers.reserveCapacity(10)
        let originalPath = context.originalPath.isEmpty ? request.uri.path : context.originalPath
        if let value = cacheControl.headerValue(forOriginalPath: originalPath) {
            headers[.cacheControl] = value
        }
        headers[.lastModified] = HTTPTimestamp.format(file.modifiedSeconds)
        headers[.eTag] = validators.etag

        let rangeHeader: String?
        switch validators.evaluate(method: request.method, headers: request.headers) {
        case .preconditionFailed:
            headers[.contentLength] = "0"
            return Response(status: .preconditionFailed, headers: headers)
        case .notModified:
            // No entity headers. Last-Modified stays, as Navigator Go sends it (Go's file server has no ETag, so its
            // writeNotModified keeps it), and RFC 9110 allows it for cache updates.
            return Response(status: .notModified, headers: headers)
        case .proceed(let range):
            rangeHeader = range
        }

        headers[.contentType] = mimeTypes.contentType(forExtension: Self.fileExtension(of: file.path))
            ?? Self.sniffedContentType(of: file)
        headers[.acceptRanges] = "bytes"
        var status = HTTPResponse.Status.ok
        var byteRange: ClosedRange<Int64>? = nil
        if let rangeHeader, file.size > 0 {
            switch ByteRangeRequest.parse(rangeHeader, size: file.size) {
            case .invalid:
                return Self.rangeNotSatisfiable("invalid range", size: file.size)
            case .noOverlap:
                return Self.rangeNotSatisfiable("invalid range: failed to overlap", size: file.size)
            case .ranges(let ranges):
                // One range → 206; several are answered with the whole file (200), which every client accepts.
                if ranges.count == 1, let only = ranges.first {
                    status = .partialContent
                    byteRange = only
                    headers[.contentRange] = "bytes \(only.lowerBound)-\(only.upperBound)/\(file.size)"
                }
            }
        }
        let length = byteRange.map { Int64($0.count) } ?? file.size
        headers[.contentLength] = String(length)

        if request.method == .head || length == 0 {
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        let range = byteRange ?? 0...(file.size - 1)
        if let contents = file.contents,
            let slice = contents.getSlice(at: Int(range.lowerBound), length: Int(range.count))
        {
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: slice))
        }
        context.record.markStreamingBody()
        if context.writesFileRegions {
            return Response(status: status, headers: headers, body: sentFile(file.resolvedPath, range: range, context: context))
        }
        return Response(
            status: status, headers: headers,
            body: FileChunks.body(path: file.resolvedPath, range: range, chunkLength: Self.chunkLength))
    }

    /// Go's answer for an extension no table knows: the type `http.DetectContentType` finds in the first 512 bytes
    /// (read during the lookup for a small file; else one `pread`).
    static func sniffedContentType(of file: StaticFile) -> String {
        let leading: [UInt8]
        if let contents = file.contents {
            leading = contents.getBytes(at: contents.readerIndex, length: min(ContentSniffer.sniffLength, contents.readableBytes)) ?? []
        } else {
            leading = ContentSniffer.leadingBytes(ofFileAt: file.resolvedPath)
        }
        return ContentSniffer.contentType(of: leading)
    }

    /// A body that the connection's writer sends with `sendfile(2)`; a writer that cannot gets it streamed.
    private func sentFile(_ path: String, range: ClosedRange<Int64>, context: NavigatorRequestContext) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            if var files = writer as? any FileSendingWriter,
                try await files.sendFile(path: path, offset: range.lowerBound, count: Int64(range.count))
            {
                try await writer.finish(nil)
                return
            }
            try await FileChunks.body(path: path, range: range, chunkLength: Self.chunkLength).write(writer)
        }
    }

    /// Go's 416 answer: plain-text error plus `Content-Range: bytes */size`.
    private static func rangeNotSatisfiable(_ message: String, size: Int64) -> Response {
        HTTPFailure.plainText(
            status: .rangeNotSatisfiable, message: message, extraHeaders: [.contentRange: "bytes */\(size)"]
        )
    }

    /// The extension (no dot) of the last component of `path`, or "".
    static func fileExtension(of path: String) -> Substring {
        // Scanned as bytes from the end: `/` and `.` are ASCII, so the indices are valid character boundaries.
        let utf8 = path.utf8
        var index = utf8.endIndex
        // Trailing slashes belong to no component.
        while index > utf8.startIndex, utf8[utf8.index(before: index)] == UInt8(ascii: "/") {
            index = utf8.index(before: index)
        }
        let end = index
        while index > utf8.startIndex {
            let before = utf8.index(before: index)
            switch utf8[before] {
            case UInt8(ascii: "/"): return ""
            case UInt8(ascii: "."): return path[index..<end]
            default: index = before
            }
        }
        return ""
    }
}
