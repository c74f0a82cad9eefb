import Logging
import Metrics
import NavigatorConfig
import NavigatorCore

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
    /// Leases per port they were handed out for: a replaced process drains by this count.
    private var leases: [Int: Int] = [:]
    /// A side-by-side replacement is starting (docs/RELOAD.md); `replacement` is its process once spawned.
    private var replacing = false
    private var replacement: ChildProcess?
    /// Processes a replacement took over from, by port, until they exit.
    private var replaced: [Int: ReplacedProcess] = [:]

    // swift-metrics handles, labelled by the tenant's path from the config (a bounded set); no-ops unless the
    // metrics listener bootstrapped Prometheus.
    private let startsCounter: Counter
    private let idleStopsCounter: Counter
    private let crashesCounter: Counter
    private let startDuration: Metrics.Timer

    init(spec: TenantSpec, services: TenantServices) {
        self.name = spec.name
        self.spec = spec
        self.services = services
        let tenant = [("tenant", spec.path)]
        startsCounter = Counter(label: "navigator_tenant_starts_total", dimensions: tenant)
        idleStopsCounter = Counter(label: "navigator_tenant_idle_stops_total", dimensions: tenant)
        crashesCounter = Counter(label: "navigator_tenant_crashes_total", dimensions: tenant)
        startDuration = Metrics.Timer(label: "navigator_tenant_start_duration_seconds", dimensions: tenant)
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
            return leased(.ready(port: port))
        case .proceedCancellingStop(let port):
            services.logger.info("Tenant stop cancelled by a new request", metadata: ["tenant": .string(name)])
            let hooks = spec.hooks.start
            let environment = TenantLaunchPlan(tenant: spec, port: port, base: services.baseEnvironment).hookEnvironment
            Task { await services.hooks.run(hooks, environment: environment, kind: "tenant.start") }
            return leased(.ready(port: port))
        case .startThenWait(let attempt):
            Task { await launch(attempt: attempt) }
        case .wait:
            break
        }
        let signal = readiness
        let behind = lifecycle.retiringAttempt
        let outcome = await signal.value(within: latest.startupTimeout)
        lifecycle.waitEnded(successorOf: behind)
        if case .ready(let port) = outcome, lifecycle.phase == .ready, let current = lifecycle.port, current != port {
            // A replacement took over between the readiness and this request resuming: use the current process.
            return leased(.ready(port: current))
        }
        if let outcome { return leased(outcome) }
        return Task.isCancelled ? .cancelled : .timedOut
    }

    /// Counts a lease on the port a request is about to be proxied to.
    private func leased(_ outcome: TenantAcquisition) -> TenantAcquisition {
        if case .ready(let port) = outcome { leases[port, default: 0] += 1 }
        return outcome
    }

    /// Ends one request's hold (`port`: where it was proxied, if it was).
    func release(port: Int?) {
        lifecycle.requestFinished(now: .now)
        if let port {
            let left = (leases[port] ?? 1) - 1
            leases[port] = left > 0 ? left : nil
            if left <= 0, replaced[port] != nil { Task { await stopReplaced(port: port) } }
        }
        publish()
        if lifecycle.drainFinished() {
            Task { await stopRetired() }
        } else {
            scheduleIdleCheck()
        }
    }

    /// A reload kept the tenant with definition `latest`: later starts use it. A running process whose definition
    /// changed (`startsSameProcess`) is replaced side by side when both definitions allow it, otherwise retired.
    func apply(_ latest: TenantSpec) {
        let changed = !spec.startsSameProcess(as: latest)
        spec = latest
        guard changed else { return }
        if lifecycle.phase == .ready, canReplaceSideBySide {
            beginReplacement()
        } else {
            retire(reason: "Replacing tenant app whose definition changed")
        }
    }

    private var canReplaceSideBySide: Bool {
        (runningSpec ?? spec).allowsSideBySideReplacement && spec.allowsSideBySideReplacement
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
        guard !replacing, lifecycle.evict() else { return false }
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
        let others = replaced.values.map(\.child) + (replacement.map { [$0] } ?? [])
        await withTaskGroup(of: Void.self) { group in
            for other in others { group.addTask { _ = await other.terminate(grace: self.services.pools.stopGrace) } }
        }
        let running = child
        guard lifecycle.shutdown() else { return }
        publish()
        readiness.resolve(.failed("server shutting down"))
        await runStopHooks(of: spec)
        if let running {
            await running.terminate(grace: services.pools.stopGrace)
            await childExited(attempt: lifecycle.attempt, child: running, status: await running.exitStatus, shuttingDown: true)
        }
    }

    // MARK: - Starting

    /// Allocates a port, spawns, runs the start hooks and probes until ready.
    private func launch(attempt: Int) async {
        let launchedAt = ContinuousClock.now
        startsCounter.increment()
        await services.makeRoom(forTenantAt: spec.path)
        guard let port = services.ports.allocate() else {
            failStart(attempt: attempt, message: "no free port in \(services.pools.startPort)…\(services.pools.startPort + PortAllocator.rangeWidth)")
            return
        }
        let started: SpawnedApp
        do {
            started = try await spawn(spec, port: port)
        } catch {
            services.ports.release(port)
            failStart(attempt: attempt, message: "\(error)")
            return
        }
        let spawned = started.child
        let plan = started.plan
        cgroup = started.cgroup
        child = spawned
        runningSpec = spec
        childPort = port
        childPidFile = plan.pidFile
        lifecycle.spawned(attempt: attempt, port: port)
        publish()
        // Navigator's message and attribute order; the pid and command follow.
        services.logger.info("Starting web app", metadata: .ordered([
            "tenant": .string(name), "port": "\(port)", "pid": "\(spawned.pid)", "command": .string(spec.command.executable),
        ]))
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
        startDuration.record(duration: launchedAt.duration(to: .now))
        services.logger.info("Web app is ready", metadata: .ordered(["tenant": .string(name), "port": "\(port)"]))
        resolveReadiness(.ready(port: port))
        if lifecycle.retired, canReplaceSideBySide, lifecycle.cancelPendingRetire() {
            // A reload changed the definition while this start was in progress: its waiters got it; replace it.
            beginReplacement()
        } else if lifecycle.retireIfPending() {
            // A reload retired this definition while it was starting: its waiters got it, now it drains.
            services.logger.info("Replacing tenant app retired during its start", metadata: ["tenant": .string(name)])
            beginDrain()
        } else {
            scheduleIdleCheck()
        }
    }

    /// A spawned process with what it was spawned with.
    private typealias SpawnedApp = (child: ChildProcess, plan: TenantLaunchPlan, cgroup: MemoryCgroup?)

    /// Spawns `definition` on `port`: credentials, memory cgroup, the process a stale `PIDFILE` names killed first;
    /// the child is registered for leftover cleanup.
    private func spawn(_ definition: TenantSpec, port: Int) async throws -> SpawnedApp {
        let plan = TenantLaunchPlan(tenant: definition, port: port, base: services.baseEnvironment)
        var request = plan.request
        request.credentials = try services.credentials(user: definition.user, group: definition.group, tenant: name)
        var group: MemoryCgroup?
        if let limit = definition.memoryLimit, let prepared = services.memoryCgroup(name: name, limit: limit) {
            group = prepared
            request.cgroupProcsPath = prepared.procsPath
        }
        if let pidFile = plan.pidFile { await PidFileCleanup.killStaleProcess(pidFile: pidFile) }
        do {
            let spawned = try await ChildProcess.spawn(request, source: name, output: services.output)
            services.registry.add(spawned)
            return (spawned, plan, group)
        } catch {
            group?.remove()
            throw error
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

    // MARK: - Replacing (reload, docs/RELOAD.md)

    /// Starts a process of the current definition beside the running one; it takes over once ready.
    private func beginReplacement() {
        guard !replacing, !closing else { return }
        replacing = true
        idleTimer?.cancel()
        services.logger.info("Starting a replacement for the tenant app whose definition changed", metadata: ["tenant": .string(name)])
        let target = spec
        Task { await replace(with: target) }
    }

    /// Spawn, start hooks, readiness; then new requests go to the replacement and the old process drains.
    private func replace(with target: TenantSpec) async {
        guard let port = services.ports.allocate() else {
            replacementFailed("no free port in \(services.pools.startPort)…\(services.pools.startPort + PortAllocator.rangeWidth)")
            return
        }
        let started: SpawnedApp
        do {
            started = try await spawn(target, port: port)
        } catch {
            services.ports.release(port)
            replacementFailed("\(error)")
            return
        }
        let spawned = started.child
        replacement = spawned
        services.logger.info("Started replacement tenant app", metadata: [
            "tenant": .string(name), "port": "\(port)", "pid": "\(spawned.pid)",
        ])
        Task { [weak self] in
            let status = await spawned.exitStatus
            await self?.replacementExited(spawned, port: port, status: status)
        }
        await services.hooks.run(target.hooks.start, environment: started.plan.hookEnvironment, kind: "tenant.start")
        if let delay = target.command.startDelay { try? await Task.sleep(for: delay) }
        let ready = await ReadinessProbe.waitUntilReady(
            port: port, path: target.healthCheck, limit: services.readinessLimit,
            giveUp: { spawned.exitedStatus != nil })
        replacement = nil
        if let status = spawned.exitedStatus {
            replacementFailed("the replacement exited during startup (\(status))")
            return
        }
        guard !closing, let old = child, let oldPort = childPort, lifecycle.handover(port: port) else {
            // Shutdown, or the running app stopped meanwhile (a later request starts the current definition).
            replacing = false
            _ = await spawned.terminate(grace: services.pools.stopGrace)
            return
        }
        if !ready {
            services.logger.warning("Replacement tenant app not answering its health check; using it anyway", metadata: [
                "tenant": .string(name), "path": .string(target.healthCheck),
            ])
        }
        replaced[oldPort] = ReplacedProcess(child: old, port: oldPort, pidFile: childPidFile, spec: runningSpec ?? target)
        child = spawned
        childPort = port
        childPidFile = started.plan.pidFile
        runningSpec = target
        replacing = false
        publish()
        services.logger.info("Tenant app replaced", metadata: [
            "tenant": .string(name), "pid": "\(spawned.pid)", "port": "\(port)", "replaced_pid": "\(old.pid)",
            "draining": "\(leases[oldPort] ?? 0)",
        ])
        if leases[oldPort] == nil {
            Task { await stopReplaced(port: oldPort) }
        } else {
            let limit = services.pools.stopGrace
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                await self?.stopReplaced(port: oldPort, limitReached: true)
            }
        }
        // A reload that landed while this replacement started changed the definition again.
        if !target.startsSameProcess(as: spec) { beginReplacement() }
        scheduleIdleCheck()
    }

    /// The replacement could not start: fall back to stopping the running app after its requests (the next
    /// request starts the current definition).
    private func replacementFailed(_ message: String) {
        replacing = false
        services.logger.error("Failed to start replacement tenant app; stopping the old one after its requests", metadata: [
            "tenant": .string(name), "error": .string(message),
        ])
        retire(reason: "Replacing tenant app whose definition changed")
    }

    /// Stops a replaced process once its requests finished, or when `stop_grace` passed (`limitReached`).
    private func stopReplaced(port: Int, limitReached: Bool = false) async {
        guard var entry = replaced[port], !entry.stopping else { return }
        if limitReached, let busy = leases[port] {
            services.logger.warning("Replaced tenant app still busy after stop_grace; stopping it anyway", metadata: [
                "tenant": .string(name), "requests": "\(busy)",
            ])
        }
        entry.stopping = true
        replaced[port] = entry
        await runStopHooks(of: entry.spec)
        _ = await entry.child.terminate(grace: services.pools.stopGrace)
    }

    /// The replacement's exit watcher: once it took over it is the app's process; before, its resources go.
    private func replacementExited(_ exited: ChildProcess, port: Int, status: ExitStatus) async {
        if exited === child {
            await childExited(attempt: lifecycle.attempt, child: exited, status: status, shuttingDown: false)
        } else if replaced[port]?.child === exited {
            otherProcessExited(exited, status: status)
        } else {
            services.ports.release(port)
            services.registry.remove(pid: exited.pid)
        }
    }

    /// A replaced process exited: release what it held.
    private func otherProcessExited(_ exited: ChildProcess, status: ExitStatus) {
        guard let entry = replaced.values.first(where: { $0.child === exited }) else { return }
        replaced[entry.port] = nil
        leases[entry.port] = nil
        services.ports.release(entry.port)
        if let pidFile = entry.pidFile { PidFileCleanup.remove(pidFile: pidFile) }
        services.registry.remove(pid: exited.pid)
        services.logger.info("Replaced tenant app stopped", metadata: [
            "tenant": .string(name), "pid": "\(exited.pid)", "status": .string(status.description),
        ])
    }

    /// The stop hooks of `definition` with its environment.
    private func runStopHooks(of definition: TenantSpec) async {
        let environment = services.baseEnvironment + definition.env.map { ($0.name, $0.value) }
        await services.hooks.run(definition.hooks.stop, environment: environment, kind: "tenant.stop")
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
        guard !replacing, lifecycle.idleCheck(now: .now, timeout: services.pools.idleTimeout) else {
            scheduleIdleCheck()
            return
        }
        publish()
        idleStopsCounter.increment()
        services.logger.info("Stopping idle web app", metadata: .ordered([
            "tenant": .string(name), "idleTime": .string(GoDurationText.rounded(.now - lifecycle.lastActivity)),
        ]))
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
        await runStopHooks(of: runningSpec ?? spec)
        guard let running = child else { return }
        await running.terminate(grace: services.pools.stopGrace)
    }

    /// Stop hooks, then (unless a request cancelled the stop) SIGTERM → grace → SIGKILL (D8).
    private func stop() async {
        await runStopHooks(of: spec)
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
        guard child === exited else {
            otherProcessExited(exited, status: status)
            return
        }
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
            crashesCounter.increment()
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

    /// Tells the supervisor what eviction needs to know.
    private func publish() {
        services.publish(path: spec.path, TenantAppSnapshot(
            isRunning: lifecycle.isRunning, isIdle: lifecycle.isIdle, lastActivity: lifecycle.lastActivity))
    }
}
