import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client on loopback for tests that need byte-level control (slow headers, raw requests).
public final class RawSocket {
    private var fd: Int32

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError.failed("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw RawSocketError.failed("connect") }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Closes with a reset (`SO_LINGER` 0) instead of a FIN, as a client that went away does: the peer's next read
    /// or write fails at once, where a FIN would look like a half-close.
    public func reset() {
        guard fd >= 0 else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(fd)
        fd = -1
    }

    /// Sends all of `text`.
    public func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Sends all of `bytes`.
    public func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RawSocketError.failed("send") }
            offset += n
        }
    }

    /// Half-closes the connection: the peer reads end-of-file, and replies can still arrive.
    public func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads until the peer closes or `timeout` passes; returns what arrived and whether the peer closed.
    public func readUntilClosed(timeout: Duration) -> (data: String, closed: Bool) {
        var collected = [UInt8]()
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = deadline - ContinuousClock.now
            let ms = max(1, Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            if poll(&pfd, 1, ms) <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (String(decoding: collected, as: UTF8.self), true) }
            collected.append(contentsOf: buffer[0..<n])
        }
        return (String(decoding: collected, as: UTF8.self), false)
    }

    /// Reads until `marker` has arrived, the peer closes, or `timeout` passes.
    public func read(until marker: String, timeout: Duration) -> String {
        let bytes = readBytes(timeout: timeout) { String(decoding: $0, as: UTF8.self).contains(marker) }.bytes
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads raw bytes until `done` accepts what arrived so far, the peer closes, or `timeout` passes; returns the
    /// bytes and whether the peer closed.
    public func readBytes(timeout: Duration, until done: ([UInt8]) -> Bool) -> (bytes: [UInt8], closed: Bool) {
        var collected = [UInt8]()
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline, !done(collected) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 50) <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (collected, true) }
            collected.append(contentsOf: buffer[0..<n])
        }
        return (collected, false)
    }
}

/// A raw socket call failed.
public enum RawSocketError: Error {
    /// The named call failed.
    case failed(String)
}

/// Runs the navigator binary to completion (for CLI actions that exit).
public enum NavigatorCommand {
    /// Runs with `arguments` in `directory`; returns the exit status and combined output.
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LiveNavigator.binaryPath)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
