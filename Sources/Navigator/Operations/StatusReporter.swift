import FoundationEssentials
import NavigatorCable
import NavigatorConfig
import NavigatorCore
import NavigatorProcess
import Synchronization

/// What the status page shows, as JSON: tenants, managed processes, the busiest streams, the configuration in
/// force and recent errors. The server pushes it to the page's feed while anyone watches.
final class StatusReporter: Sendable {
    /// The public cable hub (its sockets and streams are reported).
    let hub: CableHub
    /// Tenant apps and managed processes.
    let processes: ProcessRuntime?
    /// The pipeline in force (its configuration and generation).
    let holder: PipelineHolder
    /// The reloader (its failure count).
    let reloader: ConfigurationReloader
    private let startedAt = Date()

    /// A reporter over the server's parts.
    init(hub: CableHub, processes: ProcessRuntime?, holder: PipelineHolder, reloader: ConfigurationReloader) {
        self.hub = hub
        self.processes = processes
        self.holder = holder
        self.reloader = reloader
    }

    /// The configured tenants of the generation in force.
    func tenants() -> [TenantSpec] { holder.pipeline.configuration.applications.tenants }

    /// The JSON document.
    func json() async -> [UInt8] {
        let counts = hub.counts
        let pipeline = holder.pipeline
        let document = StatusDocument(
            generation: pipeline.generation,
            uptimeSeconds: Int(Date().timeIntervalSince(startedAt)),
            reloadFailures: reloader.failureCount,
            residentBytes: ProcessMemory.residentBytes(pid: nil),
            tenants: await TenantStatus.all(pipeline.configuration.applications.tenants, processes: processes),
            managedProcesses: pipeline.configuration.managedProcesses.map(\.name),
            cable: .init(connections: counts.connections, streams: counts.streams, subscriptions: counts.subscriptions),
            busiestStreams: hub.busiestStreams(limit: 10).map { .init(stream: $0.stream, subscribers: $0.subscribers) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(document)) ?? Data("{}".utf8))
    }
}

/// The status JSON's shape.
struct StatusDocument: Encodable {
    /// Cable totals.
    struct Cable: Encodable {
        let connections: Int
        let streams: Int
        let subscriptions: Int
    }

    /// One stream and how many sockets follow it.
    struct Stream: Encodable {
        let stream: String
        let subscribers: Int
    }

    let generation: Int
    let uptimeSeconds: Int
    let reloadFailures: Int
    let residentBytes: Int?
    let tenants: [TenantStatus]
    let managedProcesses: [String]
    let cable: Cable
    let busiestStreams: [Stream]
}
