public import Logging
public import NavigatorConfig

/// Runs `managed_processes` (F4, D11) and applies reloads: a removed process is stopped, a changed one restarted,
/// a new (or re-added) one started; unchanged ones keep running.
public actor ManagedProcessSupervisor {
    private let context: ManagedProcessContext
    private var runners: [String: ManagedProcessRunner] = [:]
    private var order: [String] = []
    private var closed = false

    /// Creates the supervisor (nothing runs until `apply`).
    public init(
        logger: Logger, output: @escaping ChildOutputSink, registry: ChildRegistry,
        baseEnvironment: [(String, String)] = ServerEnvironment.current(), backoff: RestartBackoff = .standard,
        stopGrace: Duration = .seconds(10)
    ) {
        self.context = ManagedProcessContext(
            logger: logger, output: output, registry: registry, baseEnvironment: baseEnvironment, backoff: backoff,
            stopGrace: stopGrace)
    }

    /// The processes a configuration asks for, in start order: Vector first when `logging.vector.config` is set.
    public static func definitions(
        _ specs: [ManagedProcessSpec], logging: LoggingSettings
    ) -> [(spec: ManagedProcessSpec, removeBeforeStart: String?)] {
        var result: [(ManagedProcessSpec, String?)] = []
        if let vector = logging.vector, let config = vector.config, !config.isEmpty {
            result.append((ManagedProcessSpec(name: "vector", command: "vector", args: ["--config", config], autoRestart: true),
                           vector.socket))
        }
        return result + specs.map { ($0, nil) }
    }

    /// Brings the running set in line with `specs` (and Vector from `logging`), starting new ones in order.
    public func apply(_ specs: [ManagedProcessSpec], logging: LoggingSettings) async {
        guard !closed else { return }
        let wanted = Self.definitions(specs, logging: logging)
        let wantedNames = Set(wanted.map(\.spec.name))
        for name in order where !wantedNames.contains(name) {
            if let runner = runners.removeValue(forKey: name) {
                context.logger.info("Stopping managed process", metadata: ["name": .string(name)])
                await runner.stop(grace: context.stopGrace)
            }
        }
        order = []
        for (spec, removeBeforeStart) in wanted {
            order.append(spec.name)
            if let existing = runners[spec.name] {
                // Unchanged: keep it, even if it finished (a one-shot job is not re-run by every reload).
                if existing.spec == spec { continue }
                if existing.spec != spec {
                    context.logger.info("Restarting changed managed process", metadata: ["name": .string(spec.name)])
                }
                await existing.stop(grace: context.stopGrace)
            }
            let runner = ManagedProcessRunner(spec: spec, removeBeforeStart: removeBeforeStart, context: context)
            runners[spec.name] = runner
            runner.start()
            await runner.firstAttempt.value
        }
    }

    /// Stops everything in reverse start order; pending restarts are cancelled at once (D31).
    public func shutdown() async {
        closed = true
        let all = order.reversed().compactMap { runners[$0] }
        await withTaskGroup(of: Void.self) { group in
            for runner in all { group.addTask { await runner.stop(grace: self.context.stopGrace) } }
        }
        runners = [:]
    }

    /// Spawns and exit statuses of `name` so far (tests, diagnostics).
    public func history(of name: String) -> (starts: Int, exits: [ExitStatus], finished: Bool)? {
        guard let record = runners[name]?.record else { return nil }
        return (record.starts, record.exits, record.finished)
    }

    /// The running pid of `name`.
    public func pid(of name: String) -> Int32? {
        runners[name]?.pid
    }
}
