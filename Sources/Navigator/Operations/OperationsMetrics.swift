import FoundationEssentials
import Metrics
public import NavigatorCable
public import NavigatorConfig
public import NavigatorProcess
import Prometheus
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process's Prometheus registry behind swift-metrics, and what `/metrics` and the status page read.
///
/// Counters and histograms are recorded where things happen (requests, tenants, the cable hub, reloads) through
/// the swift-metrics API, which the metrics listener bootstraps with this registry; levels that are cheaper to read
/// than to track (sockets, streams, tenant state, memory) are sampled when scraped.
public final class OperationsMetrics: Sendable {
    /// The registry every series lives in.
    let registry = PrometheusCollectorRegistry()

    /// Makes swift-metrics record into a new registry. Call once, before the pipeline and its services exist (their
    /// handles are bound when made).
    public static func bootstrap() -> OperationsMetrics {
        let metrics = OperationsMetrics()
        var factory = PrometheusMetricsFactory(registry: metrics.registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            .seconds(10), .seconds(30),
        ]
        MetricsSystem.bootstrap(factory)
        RequestMetrics.enabled.store(true, ordering: .relaxed)
        return metrics
    }

    private init() {}

    /// The exposition: sampled levels first brought up to date.
    func exposition(hub: CableHub, tenants: [TenantSpec], processes: ProcessRuntime?) async -> [UInt8] {
        let counts = hub.counts
        registry.makeGauge(name: "navigator_cable_connections").set(Int64(counts.connections))
        registry.makeGauge(name: "navigator_cable_streams").set(Int64(counts.streams))
        registry.makeGauge(name: "navigator_cable_subscriptions").set(Int64(counts.subscriptions))
        registry.makeGauge(name: "navigator_process_resident_memory_bytes").set(Int64(ProcessMemory.residentBytes(pid: nil) ?? 0))
        for status in await TenantStatus.all(tenants, processes: processes) {
            let labels = [("tenant", status.path)]
            registry.makeGauge(name: "navigator_tenant_running", labels: labels).set(Int64(status.pid == nil ? 0 : 1))
            registry.makeGauge(name: "navigator_tenant_memory_bytes", labels: labels).set(Int64(status.residentBytes ?? 0))
        }
        return registry.emitToBuffer()
    }
}

/// Resident memory from `/proc`.
enum ProcessMemory {
    /// The resident set of `pid` (this process for `nil`) in bytes, or `nil` when it cannot be read.
    static func residentBytes(pid: Int32?) -> Int? {
        let path = pid.map { "/proc/\($0)/statm" } ?? "/proc/self/statm"
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = fread(&buffer, 1, buffer.count, file)
        // `size resident shared …`, in pages.
        let fields = buffer[..<max(0, count)].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let resident = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
