import NavigatorCore
import NIOHTTP1
import Synchronization

/// What the upgrade probe of one connection learned: the request head (replayed into HTTP handling when no stage
/// took the upgrade, because NIO's upgrade handler consumes it) and the acceptance (handed to the upgraded pipeline).
final class AcceptedUpgrade: Sendable {
    private struct State {
        var head: HTTPRequestHead?
        var acceptance: UpgradeSlot.Acceptance?
    }

    private let storage = Mutex(State())

    /// The first request head, when it asked for an upgrade.
    var head: HTTPRequestHead? {
        get { storage.withLock { $0.head } }
        set { storage.withLock { $0.head = newValue } }
    }

    /// The accepted upgrade, once the probe decided.
    var value: UpgradeSlot.Acceptance? {
        get { storage.withLock { $0.acceptance } }
        set { storage.withLock { $0.acceptance = newValue } }
    }
}
