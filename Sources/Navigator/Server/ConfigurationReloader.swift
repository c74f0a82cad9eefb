import FoundationEssentials
public import Logging
import Metrics
public import NavigatorConfig
public import NavigatorCore
import Synchronization

/// Build-then-swap reloads (ARCHITECTURE §6, docs/RELOAD.md): load and validate the file, build the whole new
/// pipeline off to the side, and only if every step succeeded start/stop managed processes, swap the pipeline in and
/// retire tenant apps whose definition changed or went away. On any failure the old generation keeps serving.
/// Every trigger (SIGHUP, `-s reload`, hook or CGI `reload_config`) goes through `requestReload`, which serialises
/// them and coalesces bursts.
public final class ConfigurationReloader: Sendable {
    private let holder: PipelineHolder
    private let services: PipelineServices
    private let logFormat: LogFormatSwitch
    private let state: Mutex<State>
    private let queue: Mutex<ReloadQueue?> = Mutex(nil)
    /// Server hooks and machine idle: start hooks gate each reload, ready hooks and idle settings follow it.
    private let lifecycle: ServerLifecycle?
    /// What the listener and its channels were started with; a reload never rebinds (docs/RELOAD.md).
    private let running: RestartOnlySettings

    struct State {
        var configPath: String
        var lastLoad: Date
        var failures: Int
    }

    /// Creates a reloader for the server whose current generation (loaded from `configPath` at `loadedAt`) is in
    /// `holder`.
    public init(
        holder: PipelineHolder, services: PipelineServices, logFormat: LogFormatSwitch, configPath: String,
        loadedAt: Date = Date(), lifecycle: ServerLifecycle? = nil
    ) {
        self.holder = holder
        self.lifecycle = lifecycle
        self.services = services
        self.logFormat = logFormat
        self.state = Mutex(State(configPath: configPath, lastLoad: loadedAt, failures: 0))
        self.running = RestartOnlySettings(holder.pipeline.configuration)
        let queue = ReloadQueue { [weak self] in _ = await self?.reload() }
        self.queue.withLock { $0 = queue }
    }

    /// The config file the next reload reads.
    public var configPath: String { state.withLock { $0.configPath } }

    /// How many reloads failed so far.
    public var failureCount: Int { state.withLock { $0.failures } }

    /// Asks for a reload without waiting for it. `configPath` `nil` (SIGHUP, `-s reload`) reloads the current file;
    /// a path (a hook's or CGI script's `reload_config`) follows F5: another existing file becomes the config path,
    /// the current one is reloaded only if modified since the last load. Returns whether a reload was started or
    /// queued (or an already queued one will serve this request).
    @discardableResult
    public func requestReload(configPath requested: String? = nil) -> Bool {
        let logger = services.logger
        if let requested {
            let (current, lastLoad) = state.withLock { ($0.configPath, $0.lastLoad) }
            switch ReloadConfigRule.decide(requested: requested, current: current, lastLoad: lastLoad) {
            case .ignore(let reason):
                logger.info("Reload not needed", metadata: .ordered(["reload_config": .string(requested), "reason": .string(reason)]))
                return false
            case .reload(let path, let switched):
                if switched {
                    // Navigator's behaviour: the path switches now, so later SIGHUPs read the new file even if this
                    // load fails (fixing that file and sending SIGHUP then picks it up).
                    state.withLock { $0.configPath = path }
                    logger.info("Switching configuration file", metadata: .ordered(["from": .string(current), "to": .string(path)]))
                }
            }
        }
        guard let queue = queue.withLock({ $0 }) else { return false }
        switch queue.trigger() {
        case .started: break
        case .queued: logger.info("Reload queued behind the one running")
        case .joined: logger.info("Reload already pending; this request joins it")
        }
        return true
    }

    /// Returns once no reload runs or waits (tests, shutdown).
    public func waitUntilIdle() async {
        await queue.withLock { $0 }?.waitUntilIdle()
    }

    /// Reloads from the current config path now; returns whether a new generation is serving. Callers other than
    /// the queue must not overlap calls (use `requestReload`).
    @discardableResult
    public func reload() async -> Bool {
        let logger = services.logger
        logger.info("Received SIGHUP, reloading configuration")
        let path = configPath
        let configuration: NavigatorConfiguration
        let next: Pipeline
        let current = holder.pipeline
        do {
            configuration = try ConfigLoader.load(path: path)
            // Before the build, so hooks can prepare what it reads; a failure refuses the reload (docs/LIFECYCLE.md).
            if let lifecycle, await !lifecycle.prepareReload(configuration) { throw ServerHookFailure.start }
            next = try PipelineBuilder.pipeline(
                generation: current.generation + 1, configuration: configuration, services: services
            )
        } catch {
            state.withLock { $0.failures += 1 }
            ReloadMetrics.failed()
            // One line: the loader's error names file:line:column and the key of every finding.
            logger.error("Failed to reload configuration", metadata: ["error": .string(String(describing: error))])
            return false
        }
        state.withLock { $0.lastLoad = Date() }
        let refused = running.changes(to: RestartOnlySettings(configuration))
        if !refused.isEmpty {
            logger.warning(
                "Settings that take effect only after a restart changed; keeping the running values",
                metadata: ["settings": .string(refused.joined(separator: ", "))]
            )
        }
        // New and changed managed processes start before the routes that may point at them go live.
        await services.processes?.configure(configuration)
        holder.swap(to: next)
        logFormat.format = configuration.logging.format
        for warning in configuration.warnings {
            logger.warning("Configuration warning", metadata: ["detail": .string(warning.description)])
        }
        // After the swap, so no new request reaches a retired definition.
        await services.processes?.reconcileTenants(configuration)
        ReloadMetrics.succeeded(generation: next.generation)
        logger.info("Configuration reloaded successfully", metadata: ["generation": "\(next.generation)"])
        lifecycle?.reloaded(configuration)
        return true
    }
}
