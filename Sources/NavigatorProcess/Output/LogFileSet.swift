#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// `logging.file` targets: opened on first use (parent directories created, append mode, 0644) and kept open.
final class LogFileSet: Sendable {
    private let descriptors = Mutex<[String: Int32]>([:])

    /// Appends `line` and a newline to the file at `path`; failures drop the line (stdout still has it).
    func append(_ line: String, path: String) {
        descriptors.withLock { open in
            let fd: Int32
            if let existing = open[path] {
                fd = existing
            } else {
                Self.createParents(of: path)
                let opened = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                guard opened >= 0 else { return }
                open[path] = opened
                fd = opened
            }
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// `mkdir -p` of the directory holding `path`.
    static func createParents(of path: String) {
        var prefix = ""
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for component in components {
            prefix += (prefix.isEmpty && path.hasPrefix("/") && component.isEmpty) ? "/" : String(component) + "/"
            if component.isEmpty { continue }
            mkdir(prefix, 0o755)
        }
    }
}
