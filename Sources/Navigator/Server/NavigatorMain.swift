import FoundationEssentials
import Logging
import NavigatorCable
public import NavigatorConfig
import NavigatorCore
import NavigatorProcess
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The program: parses the command line and runs the chosen action; returns the exit status.
public enum NavigatorMain {
    /// Shared by every logger of the process, so a reload can switch text ↔ JSON (D12).
    static let logFormat = LogFormatSwitch()

    /// Runs `navigator` with `arguments` (without the program name).
    public static func run(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        bootstrapLogging(environment: environment)
        let logger = Logger(label: "navigator")
        let options: CommandLineOptions
        do {
            options = try CommandLineOptions.parse(arguments)
        } catch {
            logger.error("Command failed", metadata: ["error": .string(error.description)])
            return 1
        }
        if !options.ignored.isEmpty {
            logger.warning("Ignoring unrecognised arguments", metadata: ["arguments": .string(options.ignored.joined(separator: " "))])
        }
        switch options.action {
        case .help:
            OutputWriter.standardOutput.writeLine(CommandLineText.help)
            return 0
        case .version:
            OutputWriter.standardOutput.writeLine(CommandLineText.versionLine)
            return 0
        case .reload(let pidOption):
            let pidFile = PidFile.resolve(option: pidOption, environment: environment)
            do {
                let pid = try ReloadCommand.run(pidFile: pidFile)
                OutputWriter.standardOutput.writeLine("Sent SIGHUP to navigator (pid \(pid))")
                return 0
            } catch {
                logger.error("Command failed", metadata: ["error": .string(error.description)])
                return 1
            }
        case .check(let path):
            do {
                let configuration = try ConfigLoader.load(path: path)
                OutputWriter.standardOutput.writeLine(CheckCommand.summary(of: configuration, path: path))
                return 0
            } catch {
                OutputWriter.standardError.writeLine("Configuration invalid: \(path)\n\(error)")
                return 1
            }
        case .serve(let path, let pidOption):
            let pidFile = PidFile.resolve(option: pidOption, environment: environment)
            return await serve(configPath: path, pidFile: pidFile, logger: logger)
        }
    }

    /// Installs Navigator's log handler; `LOG_LEVEL` picks the level (debug, info, warn/warning, error).
    static func bootstrapLogging(environment: [String: String]) {
        let level = logLevel(from: environment["LOG_LEVEL"])
        LoggingSystem.bootstrap { _ in
            NavigatorLogHandler(writer: .standardOutput, format: logFormat, level: level)
        }
    }

    /// Maps `LOG_LEVEL` as Navigator does; unknown values mean info.
    static func logLevel(from value: String?) -> Logger.Level {
        switch value?.lowercased() {
        case "debug": return .debug
        case "warn", "warning": return .warning
        case "error": return .error
        default: return .info
        }
    }

    /// Runs the server until a shutdown signal; cleans up the pid file on every exit path (D20).
    static func serve(configPath: String, pidFile: PidFile, logger: Logger) async -> Int32 {
        let loadedAt = Date()
        let configuration: NavigatorConfiguration
        do {
            configuration = try ConfigLoader.load(path: configPath)
        } catch {
            logger.error("Failed to load configuration", metadata: ["error": .string(String(describing: error))])
            return 1
        }
        logger.info("Loaded configuration", metadata: .ordered([
            "tenants": "\(configuration.applications.tenants.count)",
            "reverseProxies": "\(configuration.routes.reverseProxies.count)",
            "cgiScripts": "\(configuration.server.cgiScripts.count)",
        ]))
        for warning in configuration.warnings {
            logger.warning("Configuration warning", metadata: ["detail": .string(warning.description)])
        }
        if configuration.logging.format == .json {
            logFormat.format = .json
            logger.info("Switched to JSON logging format")
        }
        do {
            try pidFile.write()
        } catch {
            logger.error("Failed to write PID file", metadata: ["error": .string(String(describing: error))])
            return 1
        }
        defer { pidFile.remove() }
        // Before anything records a metric: handles are bound to the factory in place when they are made.
        let operations = configuration.metrics.listen == nil ? nil : OperationsMetrics.bootstrap()

        // Children of a server that was killed (SIGKILL, crash) are stopped before ports are handed out again.
        let childRegistryPath = pidFile.path + ".children"
        await ProcessRuntime.stopLeftovers(registryPath: childRegistryPath, logger: logger)
        let processes = ProcessRuntime(
            configuration: configuration, logger: logger, registryPath: childRegistryPath,
            standardOutput: { OutputWriter.standardOutput.writeLine($0) })
        // Managed processes start in order before the server listens (F4); every exit path stops them (D20).
        await processes.configure(configuration)
        // F22, §1b: access-log lines go to stdout and, when `logging.vector` is on, to Vector's socket.
        let childOutput = processes.output
        var services = PipelineServices(logger: logger, accessLogSink: { line in
            OutputWriter.standardOutput.writeLine(line)
            childOutput.sendAccessLogLine(line)
        })
        services.processes = processes
        // Server hooks and machine idle (F5, F18, docs/LIFECYCLE.md); start hooks run before listening (§3.2).
        let lifecycle = ServerLifecycle(configuration: configuration, reloadHook: services.reloadHook, logger: logger)
        guard await lifecycle.runStartHooks() else {
            logger.error("Failed to execute start hooks")
            lifecycle.idle.stop()
            await processes.shutdown()
            return 1
        }
        let holder: PipelineHolder
        do {
            holder = PipelineHolder(try PipelineBuilder.pipeline(generation: 1, configuration: configuration, services: services))
        } catch {
            logger.error("Failed to build request pipeline", metadata: ["error": .string(String(describing: error))])
            await processes.shutdown()
            return 1
        }
        if operations != nil { ReloadMetrics.loaded(generation: 1) }
        // F5: a `reload_config` of the same file reloads only if it changed after this first load.
        let reloader = ConfigurationReloader(
            holder: holder, services: services, logFormat: logFormat, configPath: configPath, loadedAt: loadedAt,
            lifecycle: lifecycle)
        // CGI and hook `reload_config` (F16, F5) ask through this hook; the reloader applies F5's path rules.
        services.reloadHook.install { path in _ = reloader.requestReload(configPath: path) }
        let idle = lifecycle.idle
        let listen = ListenBinding.bindAddress(for: configuration.server.listen)
        // Navigator's line, with the address as configured; `Server listening` follows with the bound one.
        logger.info("Navigator starting", metadata: .ordered([
            "version": .string(CommandLineText.version), "address": .string(configuration.server.listen.description),
        ]))
        let server = HTTPServer(
            settings: .init(
                host: listen.host, port: listen.port, limits: configuration.server.limits,
                maxFrameSize: configuration.cable.maxMessageSize),
            respond: { request, context in
                try await idle.tracking { try await holder.pipeline.respond(to: request, context: context) }
            },
            idle: idle, cap: ConnectionCap.forThisProcess(logger: logger), logger: logger,
            onListening: { address in
                logger.info("Server listening", metadata: ["address": .string(describe(address))])
                lifecycle.serverListening()
            })
        // Clients outside `metrics.allow` may sign in with the site's users (the same store, so its cache and watcher).
        let operationUsers = configuration.auth.enforced ? configuration.auth.htpasswdPath.flatMap {
            try? services.auth.store(path: $0, logger: logger)
        } : nil
        let operationServices = operations.map { metrics in
            OperationsListener.services(
                settings: configuration.metrics, metrics: metrics, configuration: configuration,
                status: StatusReporter(hub: services.cableHub, processes: processes, holder: holder, reloader: reloader),
                users: operationUsers, logger: logger)
        } ?? []
        // Named here: without a name, service-lifecycle describes each service with `"\(service)"` — a reflection
        // walk of the whole application (pipeline, configuration) that cost ≈ 5 ms of every start-up.
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                // First, so it stops last: apps and managed processes outlive the connections they serve.
                .init(service: processes, serviceName: "processes"),
                // Stop hooks run once the server has drained, while apps and managed processes still run (D3).
                .init(service: lifecycle.stopHooks, serviceName: "stop-hooks"),
                .init(service: server, serviceName: "http"),
                .init(service: ReloadSignalService(reloader: reloader), serviceName: "reload-signal"),
            ] + operationServices + [
                // Last, so it stops first: sockets get close 1001 before the server waits for connections to end (D27).
                .init(service: CableHubService(hub: services.cableHub), serviceName: "cable-hub"),
                // Stops first: shutdown never triggers the machine idle action (§3.3 step 1).
                .init(service: lifecycle.idle, serviceName: "machine-idle"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint, .sigquit],
            logger: quietFrameworkLogger(level: logger.logLevel)
        )
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            logger.error("Server failed", metadata: ["error": .string(String(describing: error))])
            await processes.shutdown()
            return 1
        }
        logger.info("Navigator shutdown complete")
        return 0
    }

    /// service-lifecycle logs at info for routine events; keep them to warnings unless debugging.
    static func quietFrameworkLogger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "navigator.framework")
        logger.logLevel = level == .debug ? .debug : .warning
        return logger
    }

    /// `ip:port` (brackets for IPv6).
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
