import Logging
import NavigatorConfig
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One managed process (F4, D11): waits `start_delay`, runs it, and after an abnormal exit restarts it when
/// `auto_restart` is set, with capped exponential backoff. Exit 0 is never restarted.
final class ManagedProcessRunner: Sendable {
    /// What happened, for tests and diagnostics.
    struct Record: Sendable, Equatable {
        /// Spawns so far.
        var starts = 0
        /// Exit statuses so far.
        var exits: [ExitStatus] = []
        /// Whether the runner has finished (stopped, exited 0, or gave up).
        var finished = false
    }

    let spec: ManagedProcessSpec
    /// Deleted before every (re)start (Vector's socket, F4).
    let removeBeforeStart: String?
    private let context: ManagedProcessContext
    private let state = Mutex<(stopped: Bool, child: ChildProcess?, record: Record)>((false, nil, Record()))
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Resolved after the first spawn attempt (or when no spawn will happen), so starts happen in config order.
    let firstAttempt = OneShot<Void>()

    init(spec: ManagedProcessSpec, removeBeforeStart: String?, context: ManagedProcessContext) {
        self.spec = spec
        self.removeBeforeStart = removeBeforeStart
        self.context = context
    }

    /// The current record.
    var record: Record { state.withLock { $0.record } }

    /// The running child's pid.
    var pid: Int32? { state.withLock { $0.child?.pid } }

    /// Starts the loop.
    func start() {
        let loop = Task { await run() }
        task.withLock { $0 = loop }
    }

    /// Stops: cancels a pending (re)start at once (D31), then SIGTERM → grace → SIGKILL.
    func stop(grace: Duration) async {
        let child = state.withLock { state in
            state.stopped = true
            return state.child
        }
        task.withLock { $0?.cancel() }
        if let child { await child.terminate(grace: grace) }
        await task.withLock { $0 }?.value
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func run() async {
        defer {
            firstAttempt.resolve(())
            state.withLock { $0.record.finished = true }
        }
        let logger = context.logger
        let metadata: Logger.Metadata = ["name": .string(spec.name), "command": .string(spec.command)]
        if let delay = spec.startDelay, delay > .zero {
            firstAttempt.resolve(())
            try? await Task.sleep(for: delay)
        }
        var failures = 0
        while !isStopped && !Task.isCancelled {
            if let path = removeBeforeStart { unlink(path) }
            let request = SpawnRequest(
                executable: spec.command, arguments: spec.args,
                environment: context.baseEnvironment + spec.env.map { ($0.name, $0.value) },
                workingDirectory: spec.workingDir)
            let child: ChildProcess
            do {
                child = try await ChildProcess.spawn(request, source: spec.name, output: context.output)
            } catch {
                logger.error("Failed to start managed process", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                return
            }
            let stoppedMeanwhile = state.withLock { state in
                state.child = child
                state.record.starts += 1
                return state.stopped
            }
            if stoppedMeanwhile { await child.terminate(grace: context.stopGrace) }
            context.registry.add(child)
            firstAttempt.resolve(())
            logger.info("Started managed process", metadata: metadata.merging(["pid": "\(child.pid)"]) { $1 })
            let startedAt = ContinuousClock.now
            let status = await child.exitStatus
            context.registry.remove(pid: child.pid)
            state.withLock { state in
                state.child = nil
                state.record.exits.append(status)
            }
            let exitMetadata = metadata.merging(["status": .string(status.description)]) { $1 }
            if isStopped { return }
            if status.isSuccess {
                logger.info("Managed process exited", metadata: exitMetadata)
                return
            }
            guard spec.autoRestart else {
                logger.warning("Managed process exited", metadata: exitMetadata)
                return
            }
            if ContinuousClock.now - startedAt >= context.backoff.resetAfter { failures = 0 }
            let delay = context.backoff.delay(afterConsecutiveFailures: failures)
            failures += 1
            logger.warning("Managed process exited; restarting", metadata: exitMetadata.merging(["delay": "\(delay)"]) { $1 })
            try? await Task.sleep(for: delay)
        }
    }
}

/// What every managed process shares.
struct ManagedProcessContext: Sendable {
    let logger: Logger
    let output: ChildOutputSink
    let registry: ChildRegistry
    let baseEnvironment: [(String, String)]
    let backoff: RestartBackoff
    let stopGrace: Duration
}
