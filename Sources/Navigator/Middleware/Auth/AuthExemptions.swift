import NavigatorConfig

/// Which paths skip authentication and which realm protects the others (F6, with `auth_patterns` realms).
///
/// Checked against the *original* request path, in canonical form only (`AuthRequestPath`):
/// 1. `public_paths`, in order: `*suffix` → the path ends with `suffix` (`*` alone: every path); an entry with `*`
///    elsewhere → a glob (`GlobPattern`, `*` does not cross `/`); an entry ending in `/` → a path prefix; anything
///    else → the exact path.
/// 2. `auth_patterns`: any matching pattern whose action is `off` exempts the path (Navigator's rule, so a later
///    `off` still wins over an earlier realm). Otherwise the first matching pattern with another action names the
///    realm sent in `WWW-Authenticate` for that path.
struct AuthExemptions: Sendable {
    /// One compiled `public_paths` entry.
    enum Rule: Sendable, Equatable {
        /// The path ends with the text.
        case suffix(String)
        /// The whole path matches the glob.
        case glob(GlobPattern)
        /// The path starts with the text (which ends in `/`).
        case prefix(String)
        /// The path is the text.
        case exact(String)

        /// Compiles one entry as Navigator classifies it.
        init(_ entry: String) {
            if entry.hasPrefix("*") {
                self = .suffix(String(entry.dropFirst()))
            } else if entry.contains("*") {
                self = .glob(GlobPattern(entry))
            } else if entry.hasSuffix("/") {
                self = .prefix(entry)
            } else {
                self = .exact(entry)
            }
        }

        /// Whether `path` (canonical, decoded) is covered.
        func covers(_ path: String) -> Bool {
            switch self {
            case .suffix(let suffix): path.hasSuffix(suffix)
            case .glob(let glob): glob.matches(path)
            case .prefix(let prefix): path.hasPrefix(prefix)
            case .exact(let exact): path == exact
            }
        }
    }

    /// The outcome for one path.
    enum Decision: Sendable, Equatable {
        /// No credentials needed.
        case exempt
        /// Credentials needed; challenge with this realm.
        case protected(realm: String)
    }

    /// `public_paths`, compiled.
    let rules: [Rule]
    /// `auth_patterns`.
    let patterns: [AuthPattern]
    /// `auth.realm`.
    let defaultRealm: String

    /// Compiles the settings.
    init(settings: AuthSettings) {
        self.rules = settings.publicPaths.map(Rule.init)
        self.patterns = settings.authPatterns
        self.defaultRealm = settings.realm
    }

    /// The decision for a raw (percent-encoded) request path.
    func decision(forRawPath raw: String) -> Decision {
        guard let path = AuthRequestPath.canonical(raw) else {
            return .protected(realm: realm(for: URLPathEncoding.decode(raw)))
        }
        if rules.contains(where: { $0.covers(path) }) { return .exempt }
        if patterns.contains(where: { $0.action == "off" && $0.pattern.matches(path) }) { return .exempt }
        return .protected(realm: realm(for: path))
    }

    /// The realm of the first matching non-`off` pattern, else the default.
    private func realm(for path: String) -> String {
        patterns.first { $0.action != "off" && !$0.action.isEmpty && $0.pattern.matches(path) }?.action ?? defaultRealm
    }
}
