public import ServiceLifecycle

/// Ties the hub to the process's graceful shutdown: on SIGTERM/SIGINT/SIGQUIT every socket gets close 1001 (D27),
/// so clients reconnect at once to the next server. List it after the HTTP server in the service group: services
/// stop in reverse order, so the sockets are closed before the server waits for its connections to end.
public struct CableHubService: Service {
    /// The hub to shut down.
    public let hub: CableHub

    /// Creates the service.
    public init(hub: CableHub) {
        self.hub = hub
    }

    public func run() async throws {
        // Sleeps until graceful shutdown (or cancellation) begins.
        try? await gracefulShutdown()
        await hub.shutdown()
    }
}
