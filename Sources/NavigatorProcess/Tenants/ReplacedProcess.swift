import NavigatorConfig

/// A tenant app process that a replacement took over from (on reload, docs/RELOAD.md): it finishes the requests it
/// was given, then is stopped; its port, pid file and registry entry are released when it exits.
struct ReplacedProcess: Sendable {
    /// The process.
    let child: ChildProcess
    /// Its port (the key its leases are counted under).
    let port: Int
    /// `PIDFILE` of its definition, if any.
    let pidFile: String?
    /// The definition it was started with (its stop hooks and environment).
    let spec: TenantSpec
    /// Set once its stop began.
    var stopping = false
}
