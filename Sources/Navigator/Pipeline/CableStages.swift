import NavigatorCable
import NavigatorConfig
import NavigatorCore

/// The factories of the two cable stages: both read `cable:` and share the process-wide hub from the services.
/// With `cable.enabled: false` both are left out, so their paths are ordinary paths (F7).
enum CableStages {
    /// The broadcast endpoint (`cable.broadcast_path`).
    static func broadcast(from configuration: NavigatorConfiguration, services: PipelineServices) -> BroadcastMiddleware? {
        guard configuration.cable.enabled else { return nil }
        return BroadcastMiddleware(
            path: configuration.cable.broadcastPath, hub: services.cableHub, logger: services.logger,
            decodePath: URLPathEncoding.decode
        )
    }

    /// The WebSocket endpoint (`cable.path`).
    static func cable(from configuration: NavigatorConfiguration, services: PipelineServices) -> CableMiddleware? {
        guard configuration.cable.enabled else { return nil }
        return CableMiddleware(
            path: configuration.cable.path, hub: services.cableHub, limits: ConnectionLimits(configuration.cable),
            decodePath: URLPathEncoding.decode
        )
    }
}
