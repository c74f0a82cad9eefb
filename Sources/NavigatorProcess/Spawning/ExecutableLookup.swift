#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Resolves a program name the way `execvp` would, before forking (the child may only make async-signal-safe calls).
enum ExecutableLookup {
    /// The absolute path of `name`: relative paths with a `/` are taken against `workingDirectory`; bare names are
    /// searched in `path` (the child's `PATH`). `nil` when nothing executable is found.
    static func resolve(_ name: String, path: String?, workingDirectory: String?) -> String? {
        if name.contains("/") {
            let absolute = name.hasPrefix("/") ? name : join(workingDirectory ?? currentDirectory(), name)
            return isExecutable(absolute) ? absolute : nil
        }
        let searchPath = path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? (workingDirectory ?? currentDirectory()) : String(directory)
            let candidate = join(base, name)
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    /// Whether `path` is a regular file we may execute.
    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// The server's working directory.
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `base/name` with exactly one slash.
    static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
