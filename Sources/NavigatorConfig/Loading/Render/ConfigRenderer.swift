/// A deterministic, human-readable text form of a compiled configuration, used by golden tests and by
/// `navigator --check`-style output. Paths under `workingDirectory` are written as `<wd>/…` so the text does not
/// depend on where the checkout lives.
public enum ConfigRenderer {
    /// Renders `configuration`; every value is shown, defaults included.
    public static func render(_ configuration: NavigatorConfiguration, workingDirectory: String) -> String {
        var out = RenderBuffer(workingDirectory: PathResolver.resolve(workingDirectory, against: "/"))
        out.section("server") { $0.server(configuration.server) }
        out.section("auth") { $0.auth(configuration.auth) }
        out.section("cable") { out in
            out.line("enabled", configuration.cable.enabled)
            out.line("path", configuration.cable.path)
            out.line("broadcast_path", configuration.cable.broadcastPath)
            out.line("ping_interval", configuration.cable.pingInterval)
            out.line("pong_timeout", configuration.cable.pongTimeout)
            out.line("write_timeout", configuration.cable.writeTimeout)
            out.line("max_message_size", configuration.cable.maxMessageSize)
            out.line("queue_messages", configuration.cable.queueMessages)
            out.line("queue_bytes", configuration.cable.queueBytes)
        }
        out.section("routes") { $0.routes(configuration.routes) }
        out.section("applications") { $0.applications(configuration.applications) }
        out.list("managed_processes", configuration.managedProcesses) { $0.managedProcess($1) }
        out.section("hooks") { $0.hooks(configuration.hooks) }
        out.section("logging") { out in
            out.line("format", configuration.logging.format.rawValue)
            out.line("file", configuration.logging.file)
            if let vector = configuration.logging.vector {
                out.section("vector") { out in
                    out.line("socket", vector.socket)
                    out.line("config", vector.config)
                }
            }
        }
        out.section("maintenance") { out in
            out.line("enabled", configuration.maintenance.enabled)
            out.path("page", configuration.maintenance.page)
        }
        out.metrics(configuration.metrics)
        out.list("warnings", configuration.warnings) { out, warning in
            out.line("warning", warning.description)
        }
        return out.text
    }
}
