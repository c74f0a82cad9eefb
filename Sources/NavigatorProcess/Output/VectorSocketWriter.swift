#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Writes lines to Vector's Unix stream socket: connects lazily; on any error it disconnects and drops the line
/// (as Navigator does), trying again with the next line.
final class VectorSocketWriter: Sendable {
    private struct State {
        var path: String?
        var fd: Int32 = -1
    }

    private let state = Mutex(State())

    /// Sets (or clears) the socket path; an open connection to another path is closed.
    func configure(socketPath: String?) {
        state.withLock { state in
            guard state.path != socketPath else { return }
            if state.fd >= 0 { close(state.fd) }
            state = State(path: socketPath)
        }
    }

    /// Sends `line` and a newline; never blocks for long (the socket is non-blocking).
    func send(_ line: String) {
        state.withLock { state in
            guard let path = state.path else { return }
            if state.fd < 0 { state.fd = Self.connect(path) }
            guard state.fd >= 0 else { return }
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            let written = bytes.withUnsafeBytes { Glibc.send(state.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written != bytes.count {
                close(state.fd)
                state.fd = -1
            }
        }
    }

    /// A connected, non-blocking socket to `path`, or -1.
    private static func connect(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else {
            close(fd)
            return -1
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            return -1
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }
}
