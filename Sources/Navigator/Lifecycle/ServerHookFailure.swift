/// A server hook list failed where that stops the step it belongs to (a reload's `start` hooks, F5).
public enum ServerHookFailure: Error, Equatable, CustomStringConvertible {
    /// `hooks.server.start` failed, so the reload is refused.
    case start

    public var description: String {
        switch self {
        case .start: return "server start hooks failed; the running configuration stays in force"
        }
    }
}
