import AsyncHTTPClient
import FoundationEssentials
public import NavigatorConfig
import NIOCore

/// The Fly Machines API ("flaps") as Navigator calls it for machine idle (F18): `POST
/// /v1/apps/$FLY_APP_NAME/machines/$FLY_MACHINE_ID/{suspend|stop}` with `Host: flaps` and an empty body, over the
/// Unix socket Fly mounts into every machine, with a 10 s limit.
public struct FlyMachinesAPI: Sendable {
    /// Where Fly serves the API inside a machine.
    public static let defaultSocketPath = "/.fly/api"
    /// Environment variable that replaces `defaultSocketPath` (tests point it at a fake API).
    public static let socketPathVariable = "NAVIGATOR_FLY_API_SOCKET"

    /// The Unix socket the request goes to.
    public var socketPath: String
    /// `FLY_APP_NAME`.
    public var appName: String?
    /// `FLY_MACHINE_ID`.
    public var machineID: String?
    /// How long the whole exchange may take.
    public var timeout: Duration

    /// Reads the app, the machine and the socket path from `environment`.
    public init(environment: [String: String], timeout: Duration = .seconds(10)) {
        let socket = environment[Self.socketPathVariable] ?? ""
        self.socketPath = socket.isEmpty ? Self.defaultSocketPath : socket
        self.appName = environment["FLY_APP_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        self.machineID = environment["FLY_MACHINE_ID"].flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
    }

    /// The request path for `action`, or `nil` without an app name and a machine id.
    public func path(for action: IdleSettings.Action) -> String? {
        guard let appName, let machineID else { return nil }
        return "/v1/apps/\(Self.segment(appName))/machines/\(Self.segment(machineID))/\(action.rawValue)"
    }

    /// Asks the API to `action` this machine; returns the (2xx) answer's status and body, throws otherwise.
    public func request(_ action: IdleSettings.Action, client: HTTPClient = .shared) async throws -> Answer {
        guard let path = path(for: action) else { throw FlyMachinesAPIError.missingEnvironment }
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw FlyMachinesAPIError.invalidSocketPath(socketPath)
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Host", value: "flaps")
        request.headers.add(name: "User-Agent", value: "Navigator")
        request.body = .bytes(ByteBuffer())
        let response = try await client.execute(request, timeout: TimeAmount(timeout))
        let body = String(buffer: try await response.body.collect(upTo: 64 * 1024))
        let answer = Answer(status: Int(response.status.code), body: body)
        guard (200..<300).contains(answer.status) else { throw FlyMachinesAPIError.rejected(answer) }
        return answer
    }

    /// `value` percent-encoded as one path segment (Fly names never need it; a stray `/` must not add a segment).
    static func segment(_ value: String) -> String {
        URLPathEncoding.encode(value).replacing("/", with: "%2F")
    }

    /// What the API answered.
    public struct Answer: Sendable, Equatable {
        /// HTTP status.
        public var status: Int
        /// Body text (at most 64 KiB read).
        public var body: String

        /// Creates an answer.
        public init(status: Int, body: String) {
            self.status = status
            self.body = body
        }
    }
}

/// Why an idle action was not requested.
public enum FlyMachinesAPIError: Error, Equatable, CustomStringConvertible {
    /// `FLY_APP_NAME` or `FLY_MACHINE_ID` is not set.
    case missingEnvironment
    /// The socket path cannot be put in a URL.
    case invalidSocketPath(String)
    /// The API answered with a non-2xx status.
    case rejected(FlyMachinesAPI.Answer)

    public var description: String {
        switch self {
        case .missingEnvironment: return "missing FLY_APP_NAME or FLY_MACHINE_ID environment variables"
        case .invalidSocketPath(let path): return "invalid Fly API socket path \(path)"
        case .rejected(let answer): return "request failed with status \(answer.status): \(answer.body)"
        }
    }
}
