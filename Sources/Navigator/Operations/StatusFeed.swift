import NavigatorCable
import ServiceLifecycle

/// Pushes the status JSON to the page's feed once a second while anyone follows it (nothing is built otherwise),
/// and closes the feed's sockets on shutdown.
struct StatusFeed: Service {
    /// The stream the page subscribes to.
    static let stream = "status"

    /// The feed's own hub (not the public one).
    let hub: CableHub
    /// Builds the document.
    let reporter: StatusReporter

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if hub.subscriberCount(Self.stream) > 0 {
                _ = hub.broadcast(stream: Self.stream, data: await reporter.json())
            }
            try? await Task.sleep(for: .seconds(1))
        }
        await hub.shutdown(timeout: .seconds(1))
    }
}
