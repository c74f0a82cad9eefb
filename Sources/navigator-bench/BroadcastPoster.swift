import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Posts broadcasts over one kept-alive HTTP/1.1 connection with blocking POSIX calls (no client library in the
/// measurement path); each call returns once the 200 has arrived.
final class BroadcastPoster {
    private var fd: Int32 = -1
    private let host: String
    private let port: Int
    private let path: String

    init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Sends one broadcast; returns the status code.
    func post(_ body: String) throws -> Int {
        if fd < 0 { try connectSocket() }
        let request = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        var bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeMutableBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw BenchError.io("send") }
            sent += n
        }
        bytes.removeAll()
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw BenchError.io("recv") }
            response += buffer[0..<n]
            let text = String(decoding: response, as: UTF8.self)
            guard let end = text.firstRange(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound]
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].filter { $0 != " " && $0 != "\t" }) } ?? 0
            if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length {
                return Int(head.split(separator: " ")[1]) ?? 0
            }
        }
    }

    private func connectSocket() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw BenchError.io("connect") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }
}

/// Failures of the load tool.
enum BenchError: Error {
    case io(String)
    case timeout(String)
}
