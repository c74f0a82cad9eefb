import NIOCore
import Synchronization

/// The real path of `public_dir` (symlinks resolved), re-resolved at most once a second, and at once when a file
/// seems to lie outside it.
///
/// Resolving it costs a `readlink` per path component on every request otherwise. Deployments switch a `current`
/// symlink under a running server: a file of the new release then lies outside the cached path, which makes it
/// resolve again before the file is refused. For up to a second after such a switch, a symlink in the new release
/// that points into the previous release's `public_dir` is still followed (docs/STATIC-FILES.md).
final class RealRoot: Sendable {
    /// How long a resolved path is trusted.
    static let validity = TimeAmount.seconds(1)

    private let root: String
    private let cached = Mutex<(path: String, resolvedAt: NIODeadline)?>(nil)

    /// Tracks the real path of `root`.
    init(_ root: String) {
        self.root = root
    }

    /// Whether the resolved path `file` lies below the root.
    func contains(_ file: String) -> Bool {
        let now = NIODeadline.now()
        if let (path, resolvedAt) = cached.withLock({ $0 }), now < resolvedAt + Self.validity,
            PublicDirectory.isInside(file, directory: path)
        {
            return true
        }
        guard let path = PublicDirectory.realPath(root) else { return false }
        cached.withLock { $0 = (path, now) }
        return PublicDirectory.isInside(file, directory: path)
    }
}
