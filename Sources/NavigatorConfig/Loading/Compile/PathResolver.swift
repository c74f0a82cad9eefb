/// Resolves paths written in the file against the working directory, lexically (no symlinks, no file access).
enum PathResolver {
    /// `path` made absolute against `workingDirectory`, with `.`, `..` and repeated slashes removed.
    static func resolve(_ path: String, against workingDirectory: String) -> String {
        let joined = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
