import FoundationEssentials
public import Logging
public import NavigatorConfig
import Synchronization

/// The server's own lifecycle events (docs/LIFECYCLE.md): `hooks.server.*` (F5, D3) and machine idle (F18).
///
/// `NavigatorMain` calls it at each step — start hooks before listening, ready hooks once listening, the reload
/// gate and notification — and puts `idle` and `stopHooks` into the service group.
public final class ServerLifecycle: Sendable {
    /// Runs the server hook lists.
    public let hooks: ServerHooks
    /// Activity counting and the idle action.
    public let idle: MachineIdle
    /// Runs the stop hooks during graceful shutdown.
    public let stopHooks: ServerStopHooksService
    private let current: CurrentHooks
    private let logger: Logger

    /// Creates the lifecycle for the boot `configuration`; the idle timer is armed now (§3.2 step 9).
    public init(
        configuration: NavigatorConfiguration, reloadHook: ReloadHook, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let current = CurrentHooks(configuration.hooks)
        let hooks = ServerHooks(logger: logger, reloadHook: reloadHook)
        let currentHooks: @Sendable () -> HookSettings = { current.value }
        self.current = current
        self.hooks = hooks
        self.logger = logger
        self.idle = MachineIdle(
            settings: configuration.server.idle, hooks: hooks, currentHooks: currentHooks,
            api: FlyMachinesAPI(environment: environment), logger: logger)
        self.stopHooks = ServerStopHooksService(hooks: hooks, currentHooks: currentHooks)
    }

    /// Runs `hooks.server.start` at boot; `false` means the server must exit 1.
    public func runStartHooks() async -> Bool {
        await hooks.run(current.value.serverStart, kind: .start)
    }

    /// The listener is up: runs `hooks.server.ready` in the background, honouring `reload_config` (F5).
    public func serverListening() {
        let ready = current.value.serverReady
        guard !ready.isEmpty else { return }
        Task { [hooks, logger] in
            if await !hooks.runWithReloadCheck(ready, kind: .ready) { logger.error("Failed to execute ready hooks") }
        }
    }

    /// A reload built `configuration`: its start hooks run before it is swapped in; `false` refuses the reload.
    public func prepareReload(_ configuration: NavigatorConfiguration) async -> Bool {
        guard await hooks.run(configuration.hooks.serverStart, kind: .start) else {
            logger.error("Failed to execute start hooks")
            return false
        }
        return true
    }

    /// `configuration` now serves: hooks and idle settings follow it, and its ready hooks run in the background
    /// (without the `reload_config` check, so a ready hook cannot loop reloads).
    public func reloaded(_ configuration: NavigatorConfiguration) {
        current.value = configuration.hooks
        idle.update(settings: configuration.server.idle)
        let ready = configuration.hooks.serverReady
        guard !ready.isEmpty else { return }
        Task { [hooks, logger] in
            if await !hooks.run(ready, kind: .ready) { logger.error("Failed to execute ready hooks") }
        }
    }
}

/// The hook lists of the configuration in force, shared by the lifecycle's parts.
private final class CurrentHooks: Sendable {
    private let settings: Mutex<HookSettings>

    init(_ settings: HookSettings) {
        self.settings = Mutex(settings)
    }

    var value: HookSettings {
        get { settings.withLock { $0 } }
        set { settings.withLock { $0 = newValue } }
    }
}
