extension ConfigCompiler {
    /// One `applications.tenants[]` entry with everything inherited resolved (F1, F26, F27, D3).
    func tenant(_ raw: RawTenant, defaults: TenantDefaults) -> TenantSpec? {
        let nonEmpty = { (value: Located<String>?) in value.flatMap { $0.value.isEmpty ? nil : $0.value } }
        guard let written = required(raw.path, raw.site.child("path"), "`path`"), let pathValue = raw.path else {
            return nil
        }
        guard written.hasPrefix("/") else {
            error(pathValue.site, "a tenant path must start with `/`, found `\(written)`")
            return nil
        }
        let path = written.hasSuffix("/") ? written : written + "/"
        let framework = defaults.applications.framework
        let root = resolve(nonEmpty(raw.root) ?? nonEmpty(framework?.appDirectory) ?? ".")
        let memoryLimit = size(raw.memoryLimit.flatMap { $0.value.isEmpty ? nil : $0 })
        var tenant = TenantSpec(
            path: path, name: nonEmpty(raw.name) ?? Self.tenantName(path: path), root: root,
            command: command(raw, defaults: defaults),
            env: tenantEnvironment(raw, applicationEnv: defaults.applications.env),
            healthCheck: nonEmpty(raw.healthCheck) ?? defaults.settings.healthCheck,
            trackWebsockets: raw.trackWebsockets?.value ?? defaults.settings.trackWebsockets,
            startupTimeout: duration(raw.startupTimeout) ?? defaults.settings.startupTimeout)
        tenant.hooks = TenantHooks(start: defaults.startHooks + raw.startHooks.compactMap(hook),
                                   stop: defaults.stopHooks + raw.stopHooks.compactMap(hook))
        tenant.memoryLimit = memoryLimit ?? defaults.settings.pools.defaultMemoryLimit
        tenant.user = nonEmpty(raw.user) ?? defaults.settings.pools.user
        tenant.group = nonEmpty(raw.group) ?? defaults.settings.pools.group
        tenant.botDetection = botDetection(raw.botDetection)
        tenant.publicDir = nonEmpty(raw.publicDir)
        return tenant
    }

    /// Navigator's name rule: the path without a leading `/showcase/` and without the trailing `/`.
    static func tenantName(path: String) -> String {
        var name = Substring(path)
        if name.hasPrefix("/showcase/") { name = name.dropFirst("/showcase/".count) }
        if name.hasSuffix("/") { name = name.dropLast() }
        return String(name)
    }

    /// The command: tenant runtime/server/args, else `applications.framework`, else per-framework maps and defaults.
    private func command(_ raw: RawTenant, defaults: TenantDefaults) -> AppCommand {
        let apps = defaults.applications
        let framework = apps.framework
        let portEnvVar = framework?.portEnvVar.flatMap { $0.value.isEmpty ? nil : $0.value } ?? "PORT"
        let ownsCommand = raw.runtime != nil || raw.server != nil || raw.args != nil
        if !ownsCommand, let command = framework?.command, !command.value.isEmpty {
            return AppCommand(executable: command.value, arguments: framework?.args?.map(\.value) ?? [],
                              portEnvVar: portEnvVar, startDelay: defaults.startDelay)
        }
        let name = raw.framework?.value ?? ""
        let nonEmpty = { (value: Located<String>?) in value.flatMap { $0.value.isEmpty ? nil : $0.value } }
        let runtime = nonEmpty(raw.runtime) ?? nonEmpty(apps.runtime[name]) ?? "ruby"
        let server = nonEmpty(raw.server) ?? nonEmpty(apps.server[name]) ?? "bin/rails"
        let args = raw.args?.map(\.value) ?? apps.args[name]?.map(\.value)
            ?? ["server", "-b", "0.0.0.0", "-p", "{{port}}"]
        return AppCommand(executable: runtime, arguments: [server] + args, portEnvVar: portEnvVar,
                          startDelay: defaults.startDelay)
    }

    /// `applications.env` with this tenant's `var` values for `${name}`, then the OS environment for what is left
    /// (undefined names stay literal, as in Navigator), then the tenant's own `env` replacing entries in place.
    private func tenantEnvironment(_ raw: RawTenant, applicationEnv: [(name: String, value: Located<String>)])
        -> [EnvironmentEntry] {
        var entries = applicationEnv.map { name, value in
            var text = value.value
            for (variable, replacement) in raw.vars {
                text = text.replacing("${\(variable)}", with: replacement)
            }
            return EnvironmentEntry(name, EnvironmentExpander.expand(text, environment: context.environment,
                                                                     mode: .keepUndefined))
        }
        for (name, value) in raw.env {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                entries[index].value = value.value
            } else {
                entries.append(EnvironmentEntry(name, value.value))
            }
        }
        return entries
    }
}
