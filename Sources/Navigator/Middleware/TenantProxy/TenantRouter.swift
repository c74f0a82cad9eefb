import NavigatorConfig

/// F1: the tenant whose `path` is the longest byte prefix of the request path (case-sensitive).
struct TenantRouter: Sendable {
    /// Tenants sorted by path length, longest first (ties keep file order).
    let tenants: [TenantSpec]

    /// A router over `tenants`.
    init(tenants: [TenantSpec]) {
        self.tenants = tenants.enumerated()
            .sorted { ($0.element.path.utf8.count, -$0.offset) > ($1.element.path.utf8.count, -$1.offset) }
            .map(\.element)
    }

    /// The tenant for `path` (the decoded path after rewrites), or `nil`.
    func tenant(for path: String) -> TenantSpec? {
        tenants.first { path.utf8.starts(with: $0.path.utf8) }
    }
}
