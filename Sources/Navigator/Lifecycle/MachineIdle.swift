public import Logging
public import NavigatorConfig
import NavigatorCore
public import ServiceLifecycle
import Synchronization

/// Machine idle (F18): counts activity — requests in progress and open WebSockets (cable and proxied) — and, once
/// nothing has happened for `server.idle.timeout`, runs the idle hooks and asks the Fly Machines API to suspend or
/// stop this machine. The first request after that runs the resume hooks (F5).
///
/// As a service it only waits for graceful shutdown and then disarms the timer, so shutdown never idles the machine.
public final class MachineIdle: Service, Sendable {
    private let state: Mutex<State>
    private let hooks: ServerHooks
    private let currentHooks: @Sendable () -> HookSettings
    private let api: FlyMachinesAPI
    private let logger: Logger

    struct State {
        var settings: IdleSettings?
        var active = 0
        var lastActivity = ContinuousClock.now
        var timer: Task<Void, Never>?
        /// The idle action ran and no request has arrived since.
        var actioned = false
        /// Requests waiting for running resume hooks; `nil` when none are running.
        var resumeWaiters: [CheckedContinuation<Void, Never>]?
        var stopped = false
    }

    /// Creates the tracker; with `settings` the timer is armed at once (boot counts as activity, as in Navigator).
    public init(
        settings: IdleSettings?, hooks: ServerHooks, currentHooks: @escaping @Sendable () -> HookSettings,
        api: FlyMachinesAPI, logger: Logger
    ) {
        self.state = Mutex(State(settings: settings))
        self.hooks = hooks
        self.currentHooks = currentHooks
        self.api = api
        self.logger = logger
        if let settings {
            logger.info("Machine idle management enabled", metadata: .ordered([
                "action": .string(settings.action.rawValue), "timeout": "\(settings.timeout)",
            ]))
            state.withLock { arm(&$0, after: settings.timeout) }
        }
    }

    /// Whether `server.idle` is configured. Requests are counted only then (WebSockets always are): a request
    /// already running when a reload enables it goes uncounted, which matters only if it outlasts the timeout.
    public var isEnabled: Bool { state.withLock { $0.settings != nil } }

    /// Activity starts (a request, or a WebSocket once upgraded); waits while resume hooks run. End it with `end()`.
    public func begin() async -> Visit {
        while true {
            let step = state.withLock { state -> BeginStep in
                if state.resumeWaiters != nil { return .wait }
                state.active += 1
                state.lastActivity = .now
                state.timer?.cancel()
                state.timer = nil
                guard state.actioned else { return .proceed }
                state.actioned = false
                state.resumeWaiters = []
                return .resume
            }
            switch step {
            case .wait:
                await waitForResume()
            case .resume:
                // As Navigator: the request that wakes the machine goes on at once; later ones wait for the hooks.
                Task { await runResumeHooks() }
                return Visit(idle: self)
            case .proceed:
                return Visit(idle: self)
            }
        }
    }

    private enum BeginStep { case wait, resume, proceed }

    /// Applies a reloaded `server.idle`: enabling arms the timer, disabling disarms it, a new timeout counts from
    /// the last activity.
    public func update(settings: IdleSettings?) {
        state.withLock { state in
            guard state.settings != settings else { return }
            state.settings = settings
            state.timer?.cancel()
            state.timer = nil
            guard let settings, state.active == 0, !state.stopped else { return }
            let elapsed = ContinuousClock.now - state.lastActivity
            arm(&state, after: max(.zero, settings.timeout - elapsed))
        }
    }

    /// Disarms the timer for good (graceful shutdown, step 1 of §3.3).
    public func stop() {
        state.withLock { state in
            state.stopped = true
            state.timer?.cancel()
            state.timer = nil
        }
    }

    public func run() async throws {
        try? await gracefulShutdown()
        stop()
    }

    /// Requests and WebSockets in progress.
    public var activeCount: Int { state.withLock { $0.active } }

    fileprivate func end() {
        state.withLock { state in
            state.active -= 1
            state.lastActivity = .now
            guard state.active == 0, state.timer == nil, !state.stopped, let settings = state.settings else { return }
            arm(&state, after: settings.timeout)
        }
    }

    private func arm(_ state: inout State, after delay: Duration) {
        state.timer = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled else { return }
            await self?.timerFired()
        }
    }

    private func timerFired() async {
        let action = state.withLock { state -> IdleSettings.Action? in
            state.timer = nil
            guard let settings = state.settings, state.active == 0, !state.stopped else { return nil }
            let elapsed = ContinuousClock.now - state.lastActivity
            guard elapsed >= settings.timeout else {
                arm(&state, after: settings.timeout - elapsed)
                return nil
            }
            state.actioned = true
            return settings.action
        }
        guard let action else { return }
        logger.info("Executing server idle hooks before machine idle action", metadata: ["action": .string(action.rawValue)])
        if await !hooks.run(currentHooks().serverIdle, kind: .idle) {
            logger.error("Failed to execute idle hooks")
        }
        await perform(action)
    }

    private func perform(_ action: IdleSettings.Action) async {
        let (doing, failed) = action == .suspend
            ? ("Suspending machine due to inactivity", "Failed to suspend machine")
            : ("Stopping machine due to inactivity", "Failed to stop machine")
        logger.info("\(doing)")
        do {
            let answer = try await api.request(action)
            logger.info("Machine idle action requested successfully", metadata: .ordered([
                "action": .string(action.rawValue), "status": "\(answer.status)", "response": .string(answer.body),
            ]))
        } catch {
            logger.error("\(failed)", metadata: ["error": .string(String(describing: error))])
        }
    }

    private func runResumeHooks() async {
        logger.info("Executing server resume hooks")
        if await !hooks.runWithReloadCheck(currentHooks().serverResume, kind: .resume) {
            logger.error("Failed to execute resume hooks")
        }
        let waiters = state.withLock { state in
            defer { state.resumeWaiters = nil }
            return state.resumeWaiters ?? []
        }
        for waiter in waiters { waiter.resume() }
    }

    private func waitForResume() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = state.withLock { state -> Bool in
                guard state.resumeWaiters != nil else { return false }
                state.resumeWaiters?.append(continuation)
                return true
            }
            if !waiting { continuation.resume() }
        }
    }

    /// One unit of activity; ends at `end()` or, failing that, when released.
    public final class Visit: Sendable {
        private let idle: MachineIdle
        private let ended = Atomic(false)

        fileprivate init(idle: MachineIdle) {
            self.idle = idle
        }

        /// Ends the activity (only the first call counts).
        public func end() {
            if !ended.exchange(true, ordering: .relaxed) { idle.end() }
        }

        deinit { end() }
    }
}
