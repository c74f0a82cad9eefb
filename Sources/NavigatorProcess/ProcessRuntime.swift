public import Logging
public import NavigatorConfig
public import ServiceLifecycle

/// Everything the server runs besides itself — tenant apps, managed processes and their output — as one
/// long-lived service: it outlives configuration reloads and, at shutdown, stops every child (D20).
public final class ProcessRuntime: Service, Sendable {
    /// Tenant apps.
    public let tenants: TenantSupervisor
    /// `managed_processes`.
    public let managed: ManagedProcessSupervisor
    /// Child output routing (`logging:`).
    public let output: ChildOutputRouter
    /// Records children so a restarted server can stop what a killed one left behind.
    public let registry: ChildRegistry
    private let logger: Logger

    /// Creates the runtime for `configuration`; `registryPath` is where children are recorded (`nil` = nowhere).
    public init(
        configuration: NavigatorConfiguration, logger: Logger, registryPath: String?,
        standardOutput: @escaping @Sendable (String) -> Void, backoff: RestartBackoff = .standard
    ) {
        let output = ChildOutputRouter(settings: configuration.logging, standardOutput: standardOutput)
        let registry = ChildRegistry(path: registryPath)
        self.output = output
        self.registry = registry
        self.logger = logger
        self.tenants = TenantSupervisor(
            logger: logger, pools: configuration.applications.pools, output: output.sink, registry: registry)
        self.managed = ManagedProcessSupervisor(
            logger: logger, output: output.sink, registry: registry, backoff: backoff,
            stopGrace: configuration.applications.pools.stopGrace)
        output.update(configuration.logging)
    }

    /// Stops children a previous server left running (after SIGKILL or a crash) and clears the record.
    public static func stopLeftovers(registryPath: String, logger: Logger) async {
        let count = await ChildRegistry.stopLeftovers(path: registryPath)
        if count > 0 {
            logger.warning("Stopped processes left over from a previous run", metadata: ["count": "\(count)"])
        }
    }

    /// Applies a (re)loaded configuration: pool settings, logging, managed processes (started in order).
    public func configure(_ configuration: NavigatorConfiguration) async {
        tenants.update(pools: configuration.applications.pools)
        output.update(configuration.logging)
        await managed.apply(configuration.managedProcesses, logging: configuration.logging)
    }

    /// After a reload's new pipeline serves: brings running tenant apps in line with the new tenant list.
    public func reconcileTenants(_ configuration: NavigatorConfiguration) async {
        await tenants.reconcile(configuration.applications.tenants)
    }

    /// Waits for graceful shutdown, then stops every child.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops managed processes and tenant apps (SIGTERM, grace, SIGKILL) and waits for them.
    public func shutdown() async {
        logger.info("Stopping tenant apps and managed processes")
        async let apps: Void = tenants.shutdown()
        async let processes: Void = managed.shutdown()
        _ = await (apps, processes)
    }
}
