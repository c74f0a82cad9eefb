import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Hands out tenant ports (F2, D10): the lowest port in `start_port…start_port+100` that is neither handed out nor
/// bindable by someone else. One allocator lives as long as the server; a port returns on every stop and failure.
public final class PortAllocator: Sendable {
    private struct State {
        var startPort: Int
        var inUse: Set<Int> = []
    }

    /// How many ports above `start_port` may be used (Navigator: `start_port…start_port+100`, inclusive).
    public static let rangeWidth = 100

    private let state: Mutex<State>
    private let isFree: @Sendable (Int) -> Bool

    /// An allocator starting at `startPort`; `isFree` is the bind test (injectable for tests).
    public init(startPort: Int, isFree: @escaping @Sendable (Int) -> Bool = PortAllocator.canBind) {
        self.state = Mutex(State(startPort: startPort))
        self.isFree = isFree
    }

    /// Moves the range (reload); ports already handed out stay reserved until released.
    public func setStartPort(_ port: Int) {
        state.withLock { $0.startPort = port }
    }

    /// Reserves a port, or `nil` when the whole range is taken.
    public func allocate() -> Int? {
        state.withLock { state in
            for port in state.startPort...(state.startPort + Self.rangeWidth) where !state.inUse.contains(port) {
                if isFree(port) {
                    state.inUse.insert(port)
                    return port
                }
            }
            return nil
        }
    }

    /// Returns `port` to the pool.
    public func release(_ port: Int) {
        _ = state.withLock { $0.inUse.remove(port) }
    }

    /// Ports currently handed out.
    public var allocated: Set<Int> { state.withLock { $0.inUse } }

    /// Whether a TCP listener could be bound to `port` on every IPv4 interface and on IPv4 loopback (a child left
    /// over from a killed server holds its old port; such ports are skipped).
    public static func canBind(_ port: Int) -> Bool {
        guard port > 0, port < 65536 else { return false }
        return bindTest(port: port, loopbackOnly: false) && bindTest(port: port, loopbackOnly: true)
    }

    private static func bindTest(port: Int, loopbackOnly: Bool) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // SO_REUSEADDR as servers use it: a port in TIME_WAIT is free, one with a listener is not.
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = loopbackOnly ? UInt32(0x7f00_0001).bigEndian : 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}
