public import NavigatorConfig
public import ServiceLifecycle

/// Runs `hooks.server.stop` (D3) during graceful shutdown. Its place in the service group puts it after the HTTP
/// server has drained and the cable sockets are closed, and before tenant apps and managed processes are stopped,
/// so a stop hook can still reach them (the mirror of `start`, which runs after managed processes start and before
/// the server listens).
public struct ServerStopHooksService: Service {
    /// Runs the hooks.
    public let hooks: ServerHooks
    /// The configuration in force when shutdown begins.
    public let currentHooks: @Sendable () -> HookSettings

    /// Creates the service.
    public init(hooks: ServerHooks, currentHooks: @escaping @Sendable () -> HookSettings) {
        self.hooks = hooks
        self.currentHooks = currentHooks
    }

    public func run() async throws {
        // Cancellation (the group failed, e.g. the listener could not bind) is not a graceful shutdown: no stop hooks.
        do { try await gracefulShutdown() } catch { return }
        let stop = currentHooks().serverStop
        guard !stop.isEmpty else { return }
        hooks.runner.logger.info("Executing server stop hooks")
        if await !hooks.run(stop, kind: .stop) {
            hooks.runner.logger.error("Failed to execute stop hooks")
        }
    }
}
