import Foundation
import HTTPTypes
@testable import Navigator
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import NIOCore

/// A throw-away directory tree for the file-serving tests: `<root>/public/…` is served, and `<root>/secret.txt`
/// sits next to it, outside `public_dir`, where a traversal would land.
struct StaticFilesFixture {
    /// The temporary directory that holds everything.
    let root: String
    /// `public_dir`.
    var publicDir: String { root + "/public" }
    /// Text of the file outside `public_dir`.
    static let secret = "TOP-SECRET-OUTSIDE-PUBLIC"

    /// Creates the tree with `public/` and `secret.txt`.
    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/navigator-static-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/public", withIntermediateDirectories: true)
        try Self.secret.write(toFile: root + "/secret.txt", atomically: false, encoding: .utf8)
    }

    /// Writes `contents` to `public/<relative>`, creating directories; optionally sets the modification time.
    @discardableResult
    func file(_ relative: String, _ contents: String, modified: Date? = nil) throws -> String {
        try data(relative, Data(contents.utf8), modified: modified)
    }

    /// Writes bytes to `public/<relative>`.
    @discardableResult
    func data(_ relative: String, _ contents: Data, modified: Date? = nil) throws -> String {
        let path = publicDir + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        try contents.write(to: URL(fileURLWithPath: path))
        if let modified {
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        return path
    }

    /// Creates the directory `public/<relative>`.
    func directory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: publicDir + "/" + relative, withIntermediateDirectories: true)
    }

    /// Creates a symlink `public/<relative>` pointing at `destination`.
    func symlink(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: publicDir + "/" + relative, withDestinationPath: destination)
    }

    /// Removes the tree.
    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A configuration whose static settings point at this tree, changed by `configure`.
    func configuration(
        rootPath: String = "", configure: (inout StaticSettings) -> Void = { _ in }
    ) -> NavigatorConfiguration {
        var settings = StaticSettings(publicDir: publicDir)
        configure(&settings)
        return NavigatorConfiguration(server: ServerSettings(rootPath: rootPath, staticFiles: settings))
    }
}

extension HTTPFields {
    /// Builds header fields from name/value pairs written as in a request.
    static func from(_ pairs: [String: String]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs {
            fields.append(HTTPField(name: HTTPField.Name(name)!, value: value))
        }
        return fields
    }
}

/// Copies the access-log fields a stage recorded into `X-Record-*` response headers, so tests can see them.
struct RecordEcho: NavigatorMiddleware {
    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        var response = try await next(request, context)
        let fields = context.record.snapshot
        if let type = fields.responseType { response.headers[HTTPField.Name("X-Record-Type")!] = type }
        if let path = fields.filePath { response.headers[HTTPField.Name("X-Record-File")!] = path }
        if let destination = fields.destination { response.headers[HTTPField.Name("X-Record-Destination")!] = destination }
        return response
    }
}

extension StaticFilesFixture {
    /// The full pipeline built from `configuration`, wrapped by `RecordEcho` and the error boundary.
    func recordingApplication(_ configuration: NavigatorConfiguration) throws -> TestApp {
        let stages = try PipelineBuilder.middlewares(for: configuration, services: TestApplication.services())
        return TestApplication.make(
            configuration: configuration,
            middlewares: [NamedMiddleware("record-echo", RecordEcho()), NamedMiddleware("boundary", ErrorBoundaryMiddleware())]
                + stages
        )
    }
}

extension TestResponse {
    /// The value of header `name`.
    func header(_ name: String) -> String? {
        headers[HTTPField.Name(name)!]
    }

    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }
}
