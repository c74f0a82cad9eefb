public import Logging
public import NavigatorConfig
public import NavigatorCore
import Synchronization

/// Build-then-swap reloads (ARCHITECTURE §6): load and validate the file, build the whole new pipeline off to the
/// side, and only if every step succeeded swap it in. On any failure the old generation keeps serving.
public final class ConfigurationReloader: Sendable {
    private let holder: PipelineHolder
    private let services: PipelineServices
    private let logFormat: LogFormatSwitch
    private let state: Mutex<State>

    struct State {
        var configPath: String
        var failures: Int
    }

    /// Creates a reloader for the server whose current generation is in `holder`.
    public init(holder: PipelineHolder, services: PipelineServices, logFormat: LogFormatSwitch, configPath: String) {
        self.holder = holder
        self.services = services
        self.logFormat = logFormat
        self.state = Mutex(State(configPath: configPath, failures: 0))
    }

    /// The config file the next reload reads.
    public var configPath: String { state.withLock { $0.configPath } }

    /// How many reloads failed so far.
    public var failureCount: Int { state.withLock { $0.failures } }

    /// Reloads from the current config path; returns whether a new generation is serving.
    @discardableResult
    public func reload() -> Bool {
        let logger = services.logger
        logger.info("Received SIGHUP, reloading configuration")
        let path = configPath
        do {
            let configuration = try ConfigLoader.load(path: path)
            let current = holder.pipeline
            if configuration.server.listen != current.configuration.server.listen {
                logger.warning(
                    "server.listen changed; the new address takes effect after a restart",
                    metadata: ["old": "\(current.configuration.server.listen)", "new": "\(configuration.server.listen)"]
                )
            }
            let next = try PipelineBuilder.pipeline(
                generation: current.generation + 1, configuration: configuration, services: services
            )
            holder.swap(to: next)
            logFormat.format = configuration.logging.format
            for warning in configuration.warnings {
                logger.warning("Configuration warning", metadata: ["detail": .string(warning.description)])
            }
            logger.info("Configuration reloaded successfully", metadata: ["generation": "\(next.generation)"])
            return true
        } catch {
            state.withLock { $0.failures += 1 }
            logger.error("Failed to reload configuration", metadata: ["error": .string(String(describing: error))])
            return false
        }
    }
}
