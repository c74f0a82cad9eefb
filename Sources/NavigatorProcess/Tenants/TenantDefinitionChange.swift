public import NavigatorConfig

extension TenantSpec {
    /// Whether `other` starts the same process as this definition: same root, command, environment, user, group and
    /// memory limit. A reload replaces a running app only when this is false; other fields (health check, startup
    /// timeout, hooks, WebSocket tracking, bot detection, public dir) apply to the running app as they are.
    public func startsSameProcess(as other: TenantSpec) -> Bool {
        root == other.root && command == other.command && env == other.env && user == other.user
            && group == other.group && memoryLimit == other.memoryLimit
    }

    /// Whether a process of this definition can run beside another one of the same tenant while it replaces it:
    /// not when it names a `PIDFILE` (both would share it, and a start kills the process the file names) nor with
    /// a memory limit (both would share the tenant's cgroup).
    public var allowsSideBySideReplacement: Bool {
        memoryLimit == nil && !env.contains { $0.name == "PIDFILE" }
    }
}
