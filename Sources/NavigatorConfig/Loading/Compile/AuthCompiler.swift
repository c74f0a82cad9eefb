import FoundationEssentials

extension ConfigCompiler {
    /// `auth:`; the htpasswd file must be readable when auth is enforced.
    func auth(_ raw: RawAuth) -> AuthSettings {
        var auth = AuthSettings()
        let enabled = raw.enabled?.value ?? false
        auth.realm = raw.realm.flatMap { $0.value.isEmpty ? nil : $0.value } ?? "Restricted"
        if let htpasswd = raw.htpasswd, !htpasswd.value.isEmpty {
            auth.htpasswdPath = resolve(htpasswd.value)
        }
        auth.enforced = enabled && auth.htpasswdPath != nil && auth.realm != "off"
        if auth.enforced, let path = auth.htpasswdPath, let htpasswd = raw.htpasswd {
            var isDirectory = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || isDirectory {
                error(htpasswd.site, "htpasswd file `\(path)` does not exist")
            } else if !FileManager.default.isReadableFile(atPath: path) {
                error(htpasswd.site, "htpasswd file `\(path)` is not readable")
            }
        }
        // Navigator reads the exemptions only when auth is enabled.
        guard enabled else { return auth }
        auth.publicPaths = raw.publicPaths.map(\.value)
        auth.authPatterns = raw.authPatterns.compactMap { pattern in
            regex(pattern.pattern, missing: pattern.site.child("pattern")).map {
                AuthPattern(pattern: $0, action: pattern.action?.value ?? "")
            }
        }
        return auth
    }

    /// `cable:`; enabled unless `enabled: false`, empty paths take the defaults; limits must be positive.
    func cable(_ raw: RawCable) -> CableSettings {
        var cable = CableSettings(
            enabled: raw.enabled?.value ?? true,
            path: raw.path.flatMap { $0.value.isEmpty ? nil : $0.value } ?? "/cable",
            broadcastPath: raw.broadcastPath.flatMap { $0.value.isEmpty ? nil : $0.value } ?? "/_broadcast")
        if let value = positiveDuration(raw.pingInterval) { cable.pingInterval = value }
        if let value = positiveDuration(raw.pongTimeout) { cable.pongTimeout = value }
        if let value = positiveDuration(raw.writeTimeout) { cable.writeTimeout = value }
        if let value = positiveSize(raw.maxMessageSize) { cable.maxMessageSize = value }
        if let value = positiveSize(raw.queueBytes) { cable.queueBytes = value }
        if let written = raw.queueMessages {
            if written.value > 0 { cable.queueMessages = written.value } else {
                error(written.site, "expected a positive number of messages, found `\(written.value)`")
            }
        }
        return cable
    }

    /// A duration that must be greater than zero (a zero ping interval or timeout would spin or drop everyone).
    private func positiveDuration(_ value: Located<String>?) -> Duration? {
        guard let value, let parsed = duration(value) else { return nil }
        guard parsed > .zero else {
            error(value.site, "expected a duration greater than zero, found `\(value.value)`")
            return nil
        }
        return parsed
    }

    /// A size between 1 byte and 2G.
    private func positiveSize(_ value: Located<String>?) -> Int? {
        guard let value, let parsed = size(value) else { return nil }
        guard parsed > 0, parsed <= Int64(Int32.max) else {
            error(value.site, "expected a size between 1 byte and 2G, found `\(value.value)`")
            return nil
        }
        return Int(parsed)
    }

    /// `maintenance:` with the page resolved as F13: `/x` under public_dir, `x` relative to the working directory.
    func maintenance(_ raw: RawMaintenance, publicDir: String) -> MaintenanceSettings {
        let page: String
        if let written = raw.page?.value, !written.isEmpty {
            page = written.hasPrefix("/") ? PathResolver.resolve(String(written.dropFirst()), against: publicDir)
                : resolve(written)
        } else {
            page = PathResolver.resolve("503.html", against: publicDir)
        }
        return MaintenanceSettings(enabled: raw.enabled?.value ?? false, page: page)
    }
}
