import Metrics
import Synchronization

/// The request metrics of one pipeline generation: `navigator_requests_total{tenant,method,status_class}`, a
/// duration histogram per tenant and the in-flight gauge. Every label comes from a bounded set — the tenant paths
/// of the config (`none` for requests no tenant served), eight method names (`other` for the rest) and the five
/// status classes — so a hostile client cannot grow the exposition. The handles are made once per generation (the
/// registry hands back the same series across reloads), so recording is a dictionary read and atomic adds: no lock.
final class RequestMetrics: Sendable {
    /// Whether metrics are on in this process (the operations listener bootstrapped Prometheus).
    static let enabled = Atomic<Bool>(false)

    /// The methods with their own label value.
    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"]
    /// The status classes.
    static let classes = ["1xx", "2xx", "3xx", "4xx", "5xx"]
    /// The label value of requests no tenant served.
    static let noTenant = "none"

    /// One tenant's handles.
    private struct TenantHandles: Sendable {
        /// `[method][class]`.
        let counts: [[Counter]]
        let duration: Metrics.Timer
    }

    private let tenants: [String: TenantHandles]
    private let inFlight = Meter(label: "navigator_requests_in_flight")

    /// Handles for `tenants` (and `none`); `nil` when metrics are off, so the access log skips them entirely.
    /// They are found by the tenant's name (what the access log records) and labelled by its path.
    static func make(tenants: [(name: String, path: String)]) -> RequestMetrics? {
        enabled.load(ordering: .relaxed) ? RequestMetrics(tenants: tenants) : nil
    }

    private init(tenants list: [(name: String, path: String)]) {
        var tenants: [String: TenantHandles] = [:]
        for (name, tenant) in list + [(Self.noTenant, Self.noTenant)] where tenants[name] == nil {
            let counts = Self.methods.map { method in
                Self.classes.map { statusClass in
                    Counter(label: "navigator_requests_total", dimensions: [
                        ("tenant", tenant), ("method", method), ("status_class", statusClass),
                    ])
                }
            }
            tenants[name] = TenantHandles(
                counts: counts, duration: Metrics.Timer(label: "navigator_request_duration_seconds", dimensions: [("tenant", tenant)]))
        }
        self.tenants = tenants
    }

    /// A request entered the pipeline.
    func started() { inFlight.increment() }

    /// A request's access-log line was written: counts it and its duration.
    func finished(tenantName: String?, method: String, status: Int, duration: Duration) {
        inFlight.decrement()
        guard let handles = tenants[tenantName ?? Self.noTenant] ?? tenants[Self.noTenant] else { return }
        let methodIndex = Self.methods.firstIndex(of: method) ?? Self.methods.count - 1
        let classIndex = min(max(status / 100, 1), 5) - 1
        handles.counts[methodIndex][classIndex].increment()
        handles.duration.record(duration: duration)
    }
}
