public import NavigatorConfig

/// `navigator --check CONFIG` (D24): validate without serving and print a short summary.
public enum CheckCommand {
    /// The summary printed for a valid file: warnings first, then counts.
    public static func summary(of configuration: NavigatorConfiguration, path: String) -> String {
        var lines: [String] = configuration.warnings.map { "warning: \($0)" }
        let stages = (try? PipelineBuilder.stageNames(for: configuration)) ?? []
        lines.append("Configuration OK: \(path)")
        lines.append("  listen: \(listenText(configuration.server.listen))")
        lines.append("  tenants: \(configuration.applications.tenants.count)"
            + (configuration.applications.tenants.isEmpty ? "" : " (" + configuration.applications.tenants.map(\.path).joined(separator: ", ") + ")"))
        lines.append("  routes: \(configuration.routes.rules.count) redirects/rewrites, "
            + "\(configuration.routes.reverseProxies.count) reverse proxies, \(configuration.routes.flyReplay.count) fly-replay rules, "
            + "\(configuration.server.cgiScripts.count) CGI scripts")
        lines.append("  processes: \(configuration.managedProcesses.count)"
            + (configuration.managedProcesses.isEmpty ? "" : " (" + configuration.managedProcesses.map(\.name).joined(separator: ", ") + ")"))
        lines.append("  auth: \(configuration.auth.enforced ? "on (realm \(configuration.auth.realm))" : "off")")
        lines.append("  cable: \(configuration.cable.enabled ? "\(configuration.cable.path), broadcast \(configuration.cable.broadcastPath)" : "off")")
        lines.append("  pipeline: \(stages.joined(separator: " → "))")
        return lines.joined(separator: "\n")
    }

    /// `host:port`, or `:port` for every interface.
    static func listenText(_ listen: ListenAddress) -> String {
        guard let host = listen.host else { return ":\(listen.port)" }
        return host.contains(":") ? "[\(host)]:\(listen.port)" : "\(host):\(listen.port)"
    }
}
