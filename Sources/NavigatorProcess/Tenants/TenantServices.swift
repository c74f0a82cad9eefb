import Logging
import NavigatorConfig
import Synchronization

/// What every `TenantApp` shares: the port allocator, hooks, output, settings, the child registry and the
/// supervisor's view of all apps (for `max_size`).
final class TenantServices: Sendable {
    let logger: Logger
    let ports: PortAllocator
    let hooks: HookRunner
    let output: ChildOutputSink
    let registry: ChildRegistry
    let baseEnvironment: [(String, String)]
    /// How long the readiness probe keeps trying before carrying on (Navigator: 30 s).
    let readinessLimit: Duration
    private let settings: Mutex<PoolSettings>
    private let snapshots = Mutex<[String: TenantAppSnapshot]>([:])
    private let warned = Mutex<Set<String>>([])
    /// Finds the other apps for eviction; set by the supervisor.
    let evictor: @Sendable (_ requester: String, _ snapshots: [String: TenantAppSnapshot], _ maxSize: Int) async -> Void

    init(
        logger: Logger, ports: PortAllocator, output: @escaping ChildOutputSink, registry: ChildRegistry,
        baseEnvironment: [(String, String)], pools: PoolSettings, readinessLimit: Duration,
        evictor: @escaping @Sendable (String, [String: TenantAppSnapshot], Int) async -> Void
    ) {
        self.logger = logger
        self.ports = ports
        self.hooks = HookRunner(logger: logger)
        self.output = output
        self.registry = registry
        self.baseEnvironment = baseEnvironment
        self.readinessLimit = readinessLimit
        self.settings = Mutex(pools)
        self.evictor = evictor
    }

    /// Current `applications.pools`.
    var pools: PoolSettings { settings.withLock { $0 } }

    /// Applies reloaded pool settings.
    func update(pools: PoolSettings) {
        settings.withLock { $0 = pools }
        ports.setStartPort(pools.startPort)
    }

    /// Records an app's state.
    func publish(path: String, _ snapshot: TenantAppSnapshot) {
        snapshots.withLock { $0[path] = snapshot }
    }

    /// Stops the least recently used idle app when `max_size` apps run already (D3).
    func makeRoom(forTenantAt path: String) async {
        guard let maxSize = pools.maxSize, maxSize > 0 else { return }
        await evictor(path, snapshots.withLock { $0 }, maxSize)
    }

    /// Credentials for `user`/`group` (F25): as root they are looked up (unknown → start failure); otherwise
    /// they are ignored with a warning (once per tenant).
    func credentials(user: String?, group: String?, tenant: String) throws -> Credentials? {
        guard let user, !user.isEmpty else { return nil }
        guard UserLookup.isRoot else {
            warnOnce("user:\(tenant)", "Not running as root; ignoring user/group for tenant app", tenant: tenant)
            return nil
        }
        return try UserLookup.credentials(user: user, group: group)
    }

    /// A memory cgroup for the app (F24, D9), or `nil` (with one warning) when cgroups are not usable.
    func memoryCgroup(name: String, limit: Int64) -> MemoryCgroup? {
        switch MemoryCgroup.prepare(name: name, limit: limit) {
        case .success(let group):
            return group
        case .failure(let unavailable):
            warnOnce("cgroup", "Memory limit not applied: \(unavailable.reason)", tenant: name)
            return nil
        }
    }

    private func warnOnce(_ key: String, _ message: Logger.Message, tenant: String) {
        let first = warned.withLock { $0.insert(key).inserted }
        if first { logger.warning(message, metadata: ["tenant": .string(tenant)]) }
    }
}
