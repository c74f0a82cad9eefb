import NavigatorConfig

/// The access log's `file_path` as Navigator writes it: `public_dir` as configured joined with the request path
/// (Go's `filepath.Join`), so `public_dir: public` logs `public/hello.txt`, not the absolute path looked up.
struct LoggedFilePath: Sendable {
    /// The absolute `public_dir` files are looked up under.
    let root: String
    /// `public_dir` as the configuration wrote it.
    let written: String

    /// The mapping for one pipeline generation's static settings.
    init(settings: StaticSettings) {
        root = settings.publicDir
        written = settings.publicDirAsWritten
    }

    /// The logged form of `lookedUp`, a path `PublicDirectory` joined under `root`.
    func path(forLookedUp lookedUp: String) -> String {
        guard written != root, lookedUp.hasPrefix(root) else { return lookedUp }
        return LexicalPath.join(written, String(lookedUp.dropFirst(root.count)))
    }

    /// The logged form of a request path (relative to `public_dir`), cleaned as Go's `filepath.Join` cleans it.
    func path(forRequestPath relative: String) -> String {
        LexicalPath.join(written, relative)
    }
}
