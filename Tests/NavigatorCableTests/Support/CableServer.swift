import Foundation
import Navigator
import NavigatorCable
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import HTTPTypes
import NIOCore

/// The full pipeline built from a configuration, served in process on a real port by the real channel.
struct CableServer {
    /// The bound port.
    let port: Int
    /// The process-wide services (the hub lives here).
    let services: PipelineServices
    /// The access log lines.
    let accessLog: LineCollector
    /// The swap point (for reload tests).
    let holder: PipelineHolder

    /// The hub.
    var hub: CableHub { services.cableHub }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// A configuration with `cable:` set as given.
    static func configuration(cable: CableSettings = CableSettings(), auth: AuthSettings = AuthSettings()) -> NavigatorConfiguration {
        var configuration = NavigatorConfiguration()
        configuration.cable = cable
        configuration.auth = auth
        return configuration
    }

    /// Runs `body` against a live server for `configuration`, bound to `host`.
    static func with(
        _ configuration: NavigatorConfiguration = configuration(), host: String = "127.0.0.1",
        _ body: @Sendable (CableServer) async throws -> Void
    ) async throws {
        let accessLog = LineCollector()
        let services = TestApplication.services(accessLog: accessLog)
        let holder = PipelineHolder(try PipelineBuilder.pipeline(generation: 1, configuration: configuration, services: services))
        let app = TestApplication.make(holder: holder, host: host)
        try await app.test(.live) { client in
            let server = CableServer(port: client.port!, services: services, accessLog: accessLog, holder: holder)
            try await body(server)
            await services.cableHub.shutdown(timeout: .seconds(2))
        }
    }
}
