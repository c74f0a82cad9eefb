public import Logging
public import NavigatorConfig
import NavigatorCore
public import NavigatorProcess

/// Runs the `hooks.server` lists (F5): sequentially, exec without a shell, with Navigator's own environment; output
/// and failures are logged by `HookRunner`.
public struct ServerHooks: Sendable {
    /// Runs each list.
    public let runner: HookRunner
    /// Where a ready or resume hook with `reload_config` asks for a reload.
    public let reloadHook: ReloadHook
    /// The environment every server hook gets (Navigator's own).
    public let environment: [(String, String)]

    /// Creates the runner; hooks inherit `environment` (by default the server's).
    public init(logger: Logger, reloadHook: ReloadHook, environment: [(String, String)] = ServerEnvironment.current()) {
        self.runner = HookRunner(logger: logger)
        self.reloadHook = reloadHook
        self.environment = environment
    }

    /// Runs `hooks` as `hooks.server.<kind>`; returns whether every hook succeeded (an empty list succeeds).
    @discardableResult
    public func run(_ hooks: [HookSpec], kind: Kind) async -> Bool {
        guard !hooks.isEmpty else { return true }
        return await runner.run(hooks, environment: environment, kind: kind.label)
    }

    /// Runs `hooks`, then, when all succeeded and one names a `reload_config` file, asks for a reload of that file
    /// (ready at boot and resume hooks, F5); which file is read and whether it changed is the reloader's decision.
    @discardableResult
    public func runWithReloadCheck(_ hooks: [HookSpec], kind: Kind) async -> Bool {
        guard await run(hooks, kind: kind) else { return false }
        if let path = Self.reloadConfigPath(of: hooks) {
            runner.logger.info("\(kind.rawValue.capitalized) hook triggered config reload", metadata: .ordered([
                "type": .string(kind.label), "reload_config": .string(path),
            ]))
            reloadHook.request(configPath: path)
        }
        return true
    }

    /// The first non-empty `reload_config` of `hooks` (F5), if any.
    static func reloadConfigPath(of hooks: [HookSpec]) -> String? {
        hooks.lazy.compactMap(\.reloadConfig).first { !$0.isEmpty }
    }

    /// Which server list runs.
    public enum Kind: String, Sendable {
        case start, ready, idle, resume, stop

        /// The `type` logged with the hook's output and failures.
        var label: String { "server.\(rawValue)" }
    }
}
