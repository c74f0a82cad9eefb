/// The whole file as written: every section mirrored, optionals where "unset" differs from a value.
struct RawConfig {
    /// `server:`.
    var server: RawServer
    /// `auth:`.
    var auth: RawAuth
    /// `cable:`.
    var cable: RawCable
    /// `routes:`.
    var routes: RawRoutes
    /// `applications:`.
    var applications: RawApplications
    /// `managed_processes:`.
    var managedProcesses: [RawManagedProcess]
    /// `hooks:`.
    var hooks: RawHooks
    /// `logging:`.
    var logging: RawLogging
    /// `maintenance:`.
    var maintenance: RawMaintenance
    /// `metrics:`.
    var metrics: RawMetrics

    /// Reads the document root (`nil` for an empty file).
    init(_ root: ConfigMap?) {
        server = RawServer(root?.map("server"))
        auth = RawAuth(root?.map("auth"))
        cable = RawCable(root?.map("cable"))
        routes = RawRoutes(root?.map("routes"))
        applications = RawApplications(root?.map("applications"))
        managedProcesses = (root?.list("managed_processes") ?? []).compactMap { $0.mapping().map(RawManagedProcess.init) }
        hooks = RawHooks(root?.map("hooks"))
        logging = RawLogging(root?.map("logging"))
        maintenance = RawMaintenance(root?.map("maintenance"))
        metrics = RawMetrics(root?.map("metrics"))
        root?.finish()
    }
}
