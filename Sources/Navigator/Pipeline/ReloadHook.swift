import Synchronization

/// A late-bound "please reload the configuration" call: pipeline stages (CGI scripts with `reload_config`, F16) are
/// built before the server's `ConfigurationReloader` exists, so they hold this box and the server fills it in.
public final class ReloadHook: Sendable {
    /// Receives the `reload_config` path that asked for the reload.
    public typealias Handler = @Sendable (_ configPath: String) -> Void

    private let handler = Mutex<Handler?>(nil)

    /// An empty hook: requests are ignored until `install` is called.
    public init() {}

    /// Sets the function that performs reloads.
    public func install(_ handler: @escaping Handler) {
        self.handler.withLock { $0 = handler }
    }

    /// Asks for a reload on behalf of `configPath`; returns whether anything was installed to act on it.
    @discardableResult
    public func request(configPath: String) -> Bool {
        guard let handler = handler.withLock({ $0 }) else { return false }
        handler(configPath)
        return true
    }
}
