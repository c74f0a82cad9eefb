import Foundation
import Logging
import Navigator
import NavigatorConfig
import NavigatorTestSupport
import Synchronization
import HTTPTypes
import NavigatorCore
import NIOCore

/// A stand-in for the Fly Machines API: a real HTTP server on a Unix socket in a temp dir that records every
/// request and answers with `status`.
final class FakeFlyAPI: Sendable {
    /// One request as it arrived.
    struct Received: Sendable {
        var method: String
        var path: String
        /// The `Host` header (HTTP types carry it as the authority).
        var host: String?
        var headers: [(String, String)]
        var body: String
        /// The names in the fake's directory when the request arrived (shows what hooks had done by then).
        var filesAtArrival: Set<String>

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    let socketPath: String
    private let recorder: Recorder
    private let task: Task<Void, Never>

    /// Starts serving on `directory/api.sock`; returns once the socket accepts connections.
    static func start(in directory: URL, status: HTTPResponse.Status = .ok) async throws -> FakeFlyAPI {
        let path = directory.appendingPathComponent("api.sock").path
        let recorder = Recorder(status: status, directory: directory)
        var logger = Logger(label: "fake-fly-api")
        // Cancelling the server at the end of a test logs errors that mean nothing here.
        logger.logLevel = .critical
        var settings = HTTPServer.Settings(host: "", port: 0, limits: ServerLimits(), maxFrameSize: 1 << 16)
        settings.unixSocketPath = path
        let server = HTTPServer(settings: settings, respond: { try await recorder.respond(to: $0, context: $1) }, logger: logger)
        let task = Task { _ = try? await server.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: path) {
            guard ContinuousClock.now < deadline else { task.cancel(); throw FakeFlyAPIError.notListening }
            try await Task.sleep(for: .milliseconds(20))
        }
        return FakeFlyAPI(socketPath: path, recorder: recorder, task: task)
    }

    /// Runs `body` with a fake API in a fresh temp dir; stops it and removes the dir afterwards.
    static func with(
        status: HTTPResponse.Status = .ok, _ body: (URL, FakeFlyAPI) async throws -> Void
    ) async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = try await start(in: dir, status: status)
        defer { fake.stop() }
        try await body(dir, fake)
    }

    private init(socketPath: String, recorder: Recorder, task: Task<Void, Never>) {
        self.socketPath = socketPath
        self.recorder = recorder
        self.task = task
    }

    /// Every request so far.
    var received: [Received] { recorder.received.withLock { $0 } }

    /// Waits until `count` requests arrived (or `limit` passed); returns them.
    func waitForRequests(_ count: Int = 1, limit: Duration = .seconds(30)) async throws -> [Received] {
        let deadline = ContinuousClock.now + limit
        while received.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return received
    }

    /// Stops the server.
    func stop() {
        task.cancel()
    }

    /// Records and answers.
    final class Recorder: Sendable {
        let status: HTTPResponse.Status
        let directory: URL
        let received = Mutex<[Received]>([])

        init(status: HTTPResponse.Status, directory: URL) {
            self.status = status
            self.directory = directory
        }

        func respond(to request: Request, context: NavigatorRequestContext) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 20)
            let entry = Received(
                method: request.method.rawValue, path: request.uri.string, host: request.head.authority,
                headers: request.headers.map { ($0.name.rawName, $0.value) }, body: String(buffer: body),
                filesAtArrival: Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []))
            received.withLock { $0.append(entry) }
            return Response(status: status, body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
        }
    }
}

enum FakeFlyAPIError: Error {
    case notListening
}
