public import NavigatorConfig

/// How one start of a tenant app is spawned (F2, F26, F27): pure, so it is tested without processes.
public struct TenantLaunchPlan: Sendable, Equatable {
    /// The process to spawn.
    public var request: SpawnRequest
    /// The environment for tenant hooks: server env + tenant env, no port (F5).
    public var hookEnvironment: [(String, String)]
    /// `PIDFILE` from the app's environment, if any.
    public var pidFile: String?

    /// Builds the plan for `tenant` on `port` over the server's environment `base`.
    public init(tenant: TenantSpec, port: Int, base: [(String, String)]) {
        let tenantEnv = tenant.env.map { ($0.name, $0.value) }
        // Navigator order: server env, then the port, then the tenant env (which may override the port).
        let environment = base + [(tenant.command.portEnvVar, String(port))] + tenantEnv
        let arguments = tenant.command.arguments.map {
            $0.replacing("{{port}}", with: String(port)).replacing("${port}", with: String(port))
        }
        self.request = SpawnRequest(
            executable: tenant.command.executable, arguments: arguments, environment: environment,
            workingDirectory: tenant.root.isEmpty ? nil : tenant.root)
        self.hookEnvironment = base + tenantEnv
        self.pidFile = tenant.env.last(where: { $0.name == "PIDFILE" })?.value
    }

    public static func == (lhs: TenantLaunchPlan, rhs: TenantLaunchPlan) -> Bool {
        lhs.request == rhs.request && lhs.pidFile == rhs.pidFile
            && lhs.hookEnvironment.elementsEqual(rhs.hookEnvironment, by: { $0 == $1 })
    }
}
