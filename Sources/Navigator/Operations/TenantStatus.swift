import FoundationEssentials
import NavigatorConfig
import NavigatorProcess

/// One tenant as the status page and the metrics scrape show it.
struct TenantStatus: Sendable, Encodable {
    /// The tenant's path from the config (its label).
    let path: String
    /// `stopped`, `starting`, `running`, `retiring`, `draining` or `stopping`.
    let state: String
    /// The app's pid while it runs.
    let pid: Int32?
    /// Its resident memory, while it runs.
    let residentBytes: Int?

    /// Every configured tenant, in config order.
    static func all(_ tenants: [TenantSpec], processes: ProcessRuntime?) async -> [TenantStatus] {
        var result: [TenantStatus] = []
        for tenant in tenants {
            guard let supervisor = processes?.tenants else {
                result.append(TenantStatus(path: tenant.path, state: "stopped", pid: nil, residentBytes: nil))
                continue
            }
            let phase = await supervisor.phase(ofTenantAt: tenant.path)
            let pid = await supervisor.pid(ofTenantAt: tenant.path)
            result.append(TenantStatus(
                path: tenant.path, state: Self.name(of: phase), pid: pid,
                residentBytes: pid.flatMap { ProcessMemory.residentBytes(pid: $0) }))
        }
        return result
    }

    /// The state's name on the page.
    static func name(of phase: TenantLifecycle.Phase) -> String {
        switch phase {
        case .stopped: "stopped"
        case .starting: "starting"
        case .ready: "running"
        case .retiring: "retiring"
        case .draining: "draining"
        case .terminating: "stopping"
        }
    }
}
