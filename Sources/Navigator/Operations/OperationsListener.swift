import Logging
import NavigatorCable
import NavigatorConfig
import NavigatorCore
import ServiceLifecycle

/// The operations listener's services: its HTTP server (`OperationsResponder`) and the status page's feed.
enum OperationsListener {
    /// The services to run beside the main server; the address is logged as `Metrics listening address=…`.
    static func services(
        settings: MetricsSettings, metrics: OperationsMetrics, configuration: NavigatorConfiguration,
        status: StatusReporter, users: HtpasswdStore?, logger: Logger
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let listen = settings.listen else { return [] }
        let hub = CableHub(logger: logger)
        let feed = CableMiddleware(
            path: settings.statusPath + "/cable", hub: hub, limits: ConnectionLimits(configuration.cable),
            decodePath: { URLPathEncoding.decode($0) })
        let responder = OperationsResponder(
            settings: settings, metrics: metrics, status: status, feed: feed, users: users, realm: configuration.auth.realm)
        let address = ListenBinding.bindAddress(for: listen)
        let server = HTTPServer(
            settings: .init(
                host: address.host, port: address.port, limits: configuration.server.limits,
                maxFrameSize: configuration.cable.maxMessageSize),
            respond: { request, context in try await responder.respond(request, context: context) },
            logger: logger,
            onListening: { bound in
                logger.info("Metrics listening", metadata: ["address": .string(NavigatorMain.describe(bound))])
            })
        return [
            .init(service: server, serviceName: "operations-http"),
            .init(service: StatusFeed(hub: hub, reporter: status), serviceName: "status-feed"),
        ]
    }
}
