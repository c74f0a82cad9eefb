public import Logging
public import NavigatorConfig
import Synchronization

/// Owns every tenant app for the life of the server (it outlives configuration reloads): starts apps on demand,
/// stops idle ones, enforces `max_size`, and stops everything at shutdown.
public final class TenantSupervisor: Sendable {
    private let apps = Mutex<[String: TenantApp]>([:])
    private let services: Mutex<TenantServices?> = Mutex(nil)

    /// Creates the supervisor. `registry` records children for leftover cleanup after a crash;
    /// `readinessLimit` is how long a start probes before carrying on.
    public init(
        logger: Logger, pools: PoolSettings, output: @escaping ChildOutputSink, registry: ChildRegistry,
        baseEnvironment: [(String, String)] = ServerEnvironment.current(), readinessLimit: Duration = .seconds(30)
    ) {
        let services = TenantServices(
            logger: logger, ports: PortAllocator(startPort: pools.startPort), output: output, registry: registry,
            baseEnvironment: baseEnvironment, pools: pools, readinessLimit: readinessLimit,
            evictor: { [weak self] requester, snapshots, maxSize in
                await self?.evict(for: requester, snapshots: snapshots, maxSize: maxSize)
            })
        self.services.withLock { $0 = services }
    }

    private var shared: TenantServices { services.withLock { $0! } }

    /// Applies reloaded `applications.pools` settings (running apps keep running).
    public func update(pools: PoolSettings) {
        shared.update(pools: pools)
    }

    /// Applies a reload's tenant list to the apps known so far (identity = path): a kept tenant gets its new
    /// definition (a running app whose process definition changed is retired and replaced on demand); a deleted
    /// tenant's app is drained and stopped. New tenants start on their first request.
    public func reconcile(_ tenants: [TenantSpec]) async {
        let wanted = Dictionary(tenants.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let known = apps.withLock { $0 }
        for (path, app) in known {
            if let spec = wanted[path] {
                await app.apply(spec)
            } else {
                await app.retire(reason: "Stopping the app of a removed tenant")
            }
        }
    }

    /// Counts a request for `tenant` and returns when its app is ready, failed, or `startup_timeout` passed.
    /// Always `release` the lease.
    public func acquire(_ tenant: TenantSpec) async -> TenantLease {
        let app = self.app(for: tenant)
        let outcome = await app.acquire(spec: tenant)
        return TenantLease(outcome: outcome, app: app)
    }

    /// The phase of the app at `path` (tests, diagnostics).
    public func phase(ofTenantAt path: String) async -> TenantLifecycle.Phase {
        guard let app = apps.withLock({ $0[path] }) else { return .stopped }
        return await app.phase
    }

    /// The pid of the app at `path`, if it runs.
    public func pid(ofTenantAt path: String) async -> Int32? {
        guard let app = apps.withLock({ $0[path] }) else { return nil }
        return await app.pid
    }

    /// Ports handed out right now.
    public var allocatedPorts: Set<Int> { shared.ports.allocated }

    /// Stops every app (stop hooks, SIGTERM, grace, SIGKILL), all at once.
    public func shutdown() async {
        let all = apps.withLock { Array($0.values) }
        await withTaskGroup(of: Void.self) { group in
            for app in all { group.addTask { await app.shutdown() } }
        }
    }

    private func app(for tenant: TenantSpec) -> TenantApp {
        apps.withLock { apps in
            if let existing = apps[tenant.path] { return existing }
            let app = TenantApp(spec: tenant, services: shared)
            apps[tenant.path] = app
            return app
        }
    }

    /// `max_size` (D3): when `maxSize` other apps run, stop the least recently used idle one.
    private func evict(for requester: String, snapshots: [String: TenantAppSnapshot], maxSize: Int) async {
        let others = snapshots.filter { $0.key != requester && $0.value.isRunning }
        guard others.count >= maxSize else { return }
        let candidates = others.filter(\.value.isIdle).sorted { $0.value.lastActivity < $1.value.lastActivity }
        for (path, _) in candidates {
            guard let app = apps.withLock({ $0[path] }) else { continue }
            if await app.evict() { return }
        }
        shared.logger.warning("pools.max_size reached and no idle app to stop; starting anyway",
                              metadata: ["max_size": "\(maxSize)"])
    }
}
