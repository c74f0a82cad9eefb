extension ConfigCompiler {
    /// `applications:` with every tenant resolved.
    func applications(_ raw: RawApplications, tenantHooks: RawHooks, server: ServerSettings) -> ApplicationSettings {
        var settings = ApplicationSettings()
        settings.pools = pools(raw.pools)
        settings.healthCheck = raw.healthCheck.flatMap { $0.value.isEmpty ? nil : $0.value } ?? "/"
        settings.trackWebsockets = raw.trackWebsockets?.value ?? true
        settings.startupTimeout = duration(raw.startupTimeout) ?? .seconds(5)
        let defaults = TenantDefaults(
            applications: raw, settings: settings,
            startHooks: tenantHooks.tenantStart.compactMap(hook), stopHooks: tenantHooks.tenantStop.compactMap(hook),
            startDelay: duration(raw.framework?.startDelay))
        var seenPaths: [String: SourceLocation] = [:]
        settings.tenants = raw.tenants.compactMap { rawTenant in
            guard let tenant = tenant(rawTenant, defaults: defaults) else { return nil }
            if let first = seenPaths[tenant.path], let path = rawTenant.path {
                error(path.site, "duplicate tenant path `\(tenant.path)` (first defined at line \(first.line))")
                return nil
            }
            seenPaths[tenant.path] = rawTenant.path?.location
            return tenant
        }
        return settings
    }

    /// `applications.pools`.
    private func pools(_ raw: RawPools) -> PoolSettings {
        var pools = PoolSettings()
        pools.idleTimeout = duration(raw.timeout) ?? .seconds(600)
        if let startPort = raw.startPort, startPort.value != 0 {
            if (1...(65535 - 100)).contains(startPort.value) {
                pools.startPort = startPort.value
            } else {
                error(startPort.site, "start_port \(startPort.value) is out of range: start_port…start_port+100 must fit in 1…65535")
            }
        }
        pools.defaultMemoryLimit = size(raw.defaultMemoryLimit.flatMap { $0.value.isEmpty ? nil : $0 })
        pools.user = raw.user.flatMap { $0.value.isEmpty ? nil : $0.value }
        pools.group = raw.group.flatMap { $0.value.isEmpty ? nil : $0.value }
        if let maxSize = raw.maxSize {
            if maxSize.value < 0 {
                error(maxSize.site, "expected a number of apps ≥ 0 (0 = no limit), found \(maxSize.value)")
            } else if maxSize.value > 0 {
                pools.maxSize = maxSize.value
            }
        }
        pools.stopGrace = duration(raw.stopGrace) ?? .seconds(10)
        return pools
    }

    /// One hook entry; `timeout: 0` means none.
    func hook(_ raw: RawHook) -> HookSpec? {
        let timeout = duration(raw.timeout)
        guard let command = required(raw.command, raw.site.child("command"), "`command`") else { return nil }
        return HookSpec(command: command, args: raw.args.map(\.value), timeout: timeout == .zero ? nil : timeout,
                        reloadConfig: raw.reloadConfig.flatMap { $0.value.isEmpty ? nil : resolve($0.value) })
    }
}

/// What every tenant inherits from `applications:` and `hooks.tenant`.
struct TenantDefaults {
    /// `applications:` as written.
    var applications: RawApplications
    /// The compiled application-wide settings.
    var settings: ApplicationSettings
    /// `hooks.tenant.start`.
    var startHooks: [HookSpec]
    /// `hooks.tenant.stop`.
    var stopHooks: [HookSpec]
    /// `applications.framework.start_delay`.
    var startDelay: Duration?
}
