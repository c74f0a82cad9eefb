public import Logging
public import NavigatorCable
public import NavigatorCore
public import NavigatorProcess

/// Long-lived things every pipeline generation may use; they outlive reloads (ARCHITECTURE §7).
public struct PipelineServices: Sendable {
    /// Navigator's own log.
    public var logger: Logger
    /// Receives one finished access-log line (JSON, no newline) per request.
    public var accessLogSink: @Sendable (String) -> Void
    /// The tenant proxy as a plain handler, for stages that bypass the rest of the pipeline (the proxied health
    /// check, F14); `nil` until a tenant proxy is installed, in which case those stages answer 404.
    public var tenantHandler: RequestHandler?
    /// htpasswd stores with their change watchers and credential caches, and the thread pool passwords are hashed
    /// on (auth, CGI `allowed_users`); shared by every generation so reloads keep them.
    public var auth = AuthServices()
    /// Where a CGI script with `reload_config` asks for a reload; the server installs its reloader here.
    public var reloadHook = ReloadHook()
    /// The TurboCable hub: one per process, so `/cable` sockets and their subscriptions survive reloads.
    public var cableHub = CableHub(logger: Logger(label: "navigator"))

    /// Tenant apps, managed processes and child output (one per server; `nil` when only checking a config, in which
    /// case tenant requests answer 500).
    public var processes: ProcessRuntime?

    /// Creates the services.
    public init(
        logger: Logger, accessLogSink: @escaping @Sendable (String) -> Void, tenantHandler: RequestHandler? = nil
    ) {
        self.logger = logger
        self.accessLogSink = accessLogSink
        self.tenantHandler = tenantHandler
    }
}
