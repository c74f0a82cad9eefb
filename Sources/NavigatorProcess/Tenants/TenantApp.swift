import Logging
import NavigatorConfig

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One tenant's app: drives a `TenantLifecycle` and performs its actions (spawn, probe, hooks, signals).
///
/// An actor per tenant, so a start never blocks another tenant (D2); waiting requests leave the actor while they
/// wait, so a slow start never blocks this tenant's bookkeeping either.
actor TenantApp {
    /// Log/output name.
    let name: String
    private let services: TenantServices
    private var spec: TenantSpec
    /// The definition the current process was started with (its stop hooks and environment when it is retired).
    private var runningSpec: TenantSpec?
    private var lifecycle = TenantLifecycle(now: .now)
    /// Resolved by the start in progress (or the next one); replaced after each resolution.
    private var readiness = OneShot<TenantAcquisition>()
    private var child: ChildProcess?
    private var childPort: Int?
    private var childPidFile: String?
    private var cgroup: MemoryCgroup?
    private var idleTimer: Task<Void, Never>?
    /// Ends a retiring drain after `stop_grace` even if requests are still being proxied.
    private var drainTimer: Task<Void, Never>?
    /// Set by `shutdown`: nothing starts again.
    private var closing = false

    init(spec: TenantSpec, services: TenantServices) {
        self.name = spec.name
        self.spec = spec
        self.services = services
    }

    /// The phase, for tests and diagnostics.
    var phase: TenantLifecycle.Phase { lifecycle.phase }

    /// The running child's pid, for tests and diagnostics.
    var pid: Int32? { child?.pid }

    /// Counts a request and waits (up to the request's `startup_timeout`) until the app is ready. The definition
    /// the app starts with is the supervisor's (`apply`), not the request's: a request still running on an older
    /// pipeline generation must not bring back a definition a reload replaced.
    func acquire(spec latest: TenantSpec) async -> TenantAcquisition {
        guard !closing else { return .failed("server shutting down") }
        let decision = lifecycle.requestArrived(now: .now)
        publish()
        switch decision {
        case .proceed(let port):
            return .ready(port: port)
        case .proceedCancellingStop(let port):
            services.logger.info("Tenant stop cancelled by a new request", metadata: ["tenant": .string(name)])
            let hooks = spec.hooks.start
            let environment = TenantLaunchPlan(tenant: spec, port: port, base: services.baseEnvironment).hookEnvironment
            Task { await services.hooks.run(hooks, environment: environment, kind: "tenant.start") }
            return .ready(port: port)
        case .startThenWait(let attempt):
            Task { await launch(attempt: attempt) }
        case .wait:
            break
        }
        let signal = readiness
        let outcome = await signal.value(within: latest.startupTimeout)
        lifecycle.waitEnded()
        if let outcome { return outcome }
        return Task.isCancelled ? .cancelled : .timedOut
    }

    /// Ends one request's hold.
    func release() {
        lifecycle.requestFinished(now: .now)
        publish()
        if lifecycle.drainFinished() {
            Task { await stopRetired() }
        } else {
            scheduleIdleCheck()
        }
    }

    /// A reload kept the tenant with definition `latest`: later starts use it, and a running process whose
    /// definition changed (`startsSameProcess`) is retired.
    func apply(_ latest: TenantSpec) {
        let changed = !spec.startsSameProcess(as: latest)
        spec = latest
        if changed { retire(reason: "Replacing tenant app whose definition changed") }
    }

    /// Drains and stops the running process (a reload changed or deleted the tenant): requests being proxied
    /// finish (for at most `stop_grace`), new ones wait and start a successor with the current definition.
    func retire(reason: Logger.Message) {
        guard !closing, lifecycle.retire() else {
            publish()
            return
        }
        publish()
        services.logger.info(reason, metadata: ["tenant": .string(name), "draining": "\(lifecycle.proxied)"])
        beginDrain()
    }

    /// A proxied WebSocket opened.
    func websocketOpened() {
        guard spec.trackWebsockets else { return }
        lifecycle.websocketOpened()
        publish()
    }

    /// A proxied WebSocket closed.
    func websocketClosed() {
        guard spec.trackWebsockets else { return }
        lifecycle.websocketClosed(now: .now)
        publish()
        scheduleIdleCheck()
    }

    /// Stops the app if it is idle (`max_size`, D3); returns whether it began stopping.
    func evict() async -> Bool {
        guard lifecycle.evict() else { return false }
        publish()
        services.logger.info("Stopping least recently used tenant app (max_size)", metadata: ["tenant": .string(name)])
        await stop()
        return true
    }

    /// Stops the app for shutdown (stop hooks, SIGTERM, grace, SIGKILL) and waits for its exit.
    func shutdown() async {
        closing = true
        idleTimer?.cancel()
        drainTimer?.cancel()
        let running = child
        guard lifecycle.shutdown() else { return }
        publish()
        readiness.resolve(.failed("server shutting down"))
        await services.hooks.run(spec.hooks.stop, environment: hookEnvironment, kind: "tenant.stop")
        if let running {
            await running.terminate(grace: services.pools.stopGrace)
            await childExited(attempt: lifecycle.attempt, child: running, status: await running.exitStatus, shuttingDown: true)
        }
    }

    // MARK: - Starting

    /// Allocates a port, spawns, runs the start hooks and probes until ready.
    private func launch(attempt: Int) async {
        await services.makeRoom(forTenantAt: spec.path)
        guard let port = services.ports.allocate() else {
            failStart(attempt: attempt, message: "no free port in \(services.pools.startPort)…\(services.pools.startPort + PortAllocator.rangeWidth)")
            return
        }
        let plan = TenantLaunchPlan(tenant: spec, port: port, base: services.baseEnvironment)
        var request = plan.request
        do {
            request.credentials = try services.credentials(user: spec.user, group: spec.group, tenant: name)
            if let limit = spec.memoryLimit, let group = services.memoryCgroup(name: name, limit: limit) {
                cgroup = group
                request.cgroupProcsPath = group.procsPath
            }
        } catch {
            services.ports.release(port)
            failStart(attempt: attempt, message: "\(error)")
            return
        }
        if let pidFile = plan.pidFile { await PidFileCleanup.killStaleProcess(pidFile: pidFile) }
        let spawned: ChildProcess
        do {
            spawned = try await ChildProcess.spawn(request, source: name, output: services.output)
        } catch {
            services.ports.release(port)
            failStart(attempt: attempt, message: "\(error)")
            return
        }
        services.registry.add(spawned)
        child = spawned
        runningSpec = spec
        childPort = port
        childPidFile = plan.pidFile
        lifecycle.spawned(attempt: attempt, port: port)
        publish()
        services.logger.info("Started tenant app", metadata: [
            "tenant": .string(name), "port": "\(port)", "pid": "\(spawned.pid)", "command": .string(spec.command.executable),
        ])
        Task { [weak self] in
            let status = await spawned.exitStatus
            await self?.childExited(attempt: attempt, child: spawned, status: status, shuttingDown: false)
        }
        await services.hooks.run(spec.hooks.start, environment: plan.hookEnvironment, kind: "tenant.start")
        if let delay = spec.command.startDelay { try? await Task.sleep(for: delay) }
        let ready = await ReadinessProbe.waitUntilReady(
            port: port, path: spec.healthCheck, limit: services.readinessLimit,
            giveUp: { spawned.exitedStatus != nil })
        guard spawned.exitedStatus == nil else { return }
        if !ready {
            // Navigator's behaviour: after the probe limit, carry on and let requests reach the app (502 if it
            // never answers).
            services.logger.warning("Tenant app not answering its health check; proxying anyway", metadata: [
                "tenant": .string(name), "path": .string(spec.healthCheck),
            ])
        }
        guard lifecycle.becameReady(attempt: attempt) else { return }
        publish()
        services.logger.info("Tenant app ready", metadata: ["tenant": .string(name), "port": "\(port)"])
        resolveReadiness(.ready(port: port))
        if lifecycle.retireIfPending() {
            // A reload retired this definition while it was starting: its waiters got it, now it drains.
            services.logger.info("Replacing tenant app retired during its start", metadata: ["tenant": .string(name)])
            beginDrain()
        } else {
            scheduleIdleCheck()
        }
    }

    /// A start failed before a process existed.
    private func failStart(attempt: Int, message: String) {
        services.logger.error("Failed to start application", metadata: ["tenant": .string(name), "error": .string(message)])
        guard lifecycle.startFailed(attempt: attempt) else { return }
        publish()
        resolveReadiness(.failed(message))
    }

    /// Hands `outcome` to the waiters and prepares a fresh signal for the next start.
    private func resolveReadiness(_ outcome: TenantAcquisition) {
        readiness.resolve(outcome)
        readiness = OneShot()
    }

    // MARK: - Stopping

    /// Re-arms the idle timer for the current activity.
    private func scheduleIdleCheck() {
        guard lifecycle.isIdle else { return }
        idleTimer?.cancel()
        let deadline = lifecycle.lastActivity + services.pools.idleTimeout
        idleTimer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            await self?.idleTimerFired()
        }
    }

    private func idleTimerFired() async {
        guard lifecycle.idleCheck(now: .now, timeout: services.pools.idleTimeout) else {
            scheduleIdleCheck()
            return
        }
        publish()
        services.logger.info("Stopping idle tenant app", metadata: ["tenant": .string(name)])
        await stop()
    }

    /// Stops the retiring process when nothing is proxied to it any more, or when `stop_grace` has passed.
    private func beginDrain() {
        idleTimer?.cancel()
        if lifecycle.drainFinished() {
            Task { await stopRetired() }
            return
        }
        let limit = services.pools.stopGrace
        drainTimer?.cancel()
        drainTimer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            await self?.drainTimedOut()
        }
    }

    private func drainTimedOut() async {
        guard lifecycle.drainFinished(force: true) else { return }
        services.logger.warning("Tenant app still busy after stop_grace; stopping it anyway", metadata: [
            "tenant": .string(name), "requests": "\(lifecycle.proxied)",
        ])
        await stopRetired()
    }

    /// The retired process's stop hooks (of the definition it runs), then SIGTERM → grace → SIGKILL.
    private func stopRetired() async {
        drainTimer?.cancel()
        publish()
        let retiredSpec = runningSpec ?? spec
        let environment = services.baseEnvironment + retiredSpec.env.map { ($0.name, $0.value) }
        await services.hooks.run(retiredSpec.hooks.stop, environment: environment, kind: "tenant.stop")
        guard let running = child else { return }
        await running.terminate(grace: services.pools.stopGrace)
    }

    /// Stop hooks, then (unless a request cancelled the stop) SIGTERM → grace → SIGKILL (D8).
    private func stop() async {
        await services.hooks.run(spec.hooks.stop, environment: hookEnvironment, kind: "tenant.stop")
        guard lifecycle.stopHooksFinished() else {
            scheduleIdleCheck()
            return
        }
        publish()
        guard let running = child else { return }
        await running.terminate(grace: services.pools.stopGrace)
    }

    /// The process exited: release its port, delete its pid file, and restart it if requests are waiting.
    private func childExited(attempt: Int, child exited: ChildProcess, status: ExitStatus, shuttingDown: Bool) async {
        guard child === exited else { return }
        let wasReady = lifecycle.phase == .ready
        let decision = lifecycle.exited(attempt: attempt, shuttingDown: shuttingDown || closing)
        guard decision != .ignore else { return }
        if let port = childPort { services.ports.release(port) }
        if let pidFile = childPidFile { PidFileCleanup.remove(pidFile: pidFile) }
        services.registry.remove(pid: exited.pid)
        if let group = cgroup {
            if group.oomKillCount > 0 {
                services.logger.warning("Tenant app was killed for exceeding its memory limit", metadata: ["tenant": .string(name)])
            }
            group.remove()
            cgroup = nil
        }
        child = nil
        runningSpec = nil
        childPort = nil
        childPidFile = nil
        idleTimer?.cancel()
        drainTimer?.cancel()
        publish()
        let metadata: Logger.Metadata = ["tenant": .string(name), "pid": "\(exited.pid)", "status": .string(status.description)]
        if wasReady {
            services.logger.warning("Tenant app exited unexpectedly; the next request starts it again", metadata: metadata)
        } else {
            services.logger.info("Tenant app stopped", metadata: metadata)
        }
        switch decision {
        case .ignore, .cleanUp:
            break
        case .cleanUpAndFailWaiters:
            services.logger.error("Failed to start application", metadata: metadata)
            resolveReadiness(.failed("the app exited during startup (\(status))"))
        case .cleanUpAndRestart(let next):
            Task { await launch(attempt: next) }
        }
    }

    private var hookEnvironment: [(String, String)] {
        services.baseEnvironment + spec.env.map { ($0.name, $0.value) }
    }

    /// Tells the supervisor what eviction needs to know.
    private func publish() {
        services.publish(path: spec.path, TenantAppSnapshot(
            isRunning: lifecycle.isRunning, isIdle: lifecycle.isIdle, lastActivity: lifecycle.lastActivity))
    }
}
