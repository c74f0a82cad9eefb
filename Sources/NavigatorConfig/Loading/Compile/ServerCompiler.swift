import FoundationEssentials

extension ConfigCompiler {
    /// `server:`.
    func server(_ raw: RawServer) -> ServerSettings {
        var server = ServerSettings()
        server.listen = listen(raw.listen)
        server.hostname = raw.hostname?.value ?? ""
        server.rootPath = rootPath(raw.rootPath?.value ?? "")
        server.trustProxy = raw.trustProxy?.value ?? false
        server.staticFiles = staticFiles(raw.staticFiles)
        server.idle = idle(raw.idle)
        server.healthCheck = healthCheck(raw.healthCheck)
        server.cgiScripts = raw.cgiScripts.compactMap(cgiScript)
        server.botDetection = botDetection(raw.botDetection) ?? .init()
        server.disableCompression = raw.disableCompression?.value ?? false
        server.limits = limits(raw.limits)
        return server
    }

    /// A listen address (`server.listen`, `metrics.listen`): a port, `host:port` or `[v6]:port` (D6).
    func listen(_ raw: Located<RawListen>?) -> ListenAddress {
        guard let raw else { return ListenAddress() }
        let address: ListenAddress
        switch raw.value {
        case .port(let port):
            address = ListenAddress(host: nil, port: port)
        case .text(let text):
            guard let parsed = ListenAddressParser.parse(text) else {
                error(raw.site, "expected \(ListenAddressParser.expectation), found `\(text)`")
                return ListenAddress()
            }
            address = parsed
        }
        guard (0...65535).contains(address.port) else {
            error(raw.site, "port \(address.port) is out of range (0…65535)")
            return ListenAddress()
        }
        return address
    }

    /// `root_path` normalised to "" or `/x/`.
    private func rootPath(_ text: String) -> String {
        let trimmed = text.trimming("/")
        return trimmed.isEmpty ? "" : "/\(trimmed)/"
    }

    /// `server.static`.
    private func staticFiles(_ raw: RawStatic) -> StaticSettings {
        var settings = StaticSettings()
        let publicDir = raw.publicDir.map(\.value).flatMap { $0.isEmpty ? nil : $0 } ?? "public"
        settings.publicDir = resolve(publicDir)
        settings.publicDirAsWritten = publicDir
        settings.allowedExtensions = raw.allowedExtensions.map { ext in
            ext.value.hasPrefix(".") ? String(ext.value.dropFirst()) : ext.value
        }
        settings.tryFiles = raw.tryFiles.map(\.value)
        settings.normalizeTrailingSlashes = raw.normalizeTrailingSlashes?.value ?? false
        settings.cacheControl.defaultMaxAge = duration(raw.cacheDefault.flatMap { $0.value.isEmpty ? nil : $0 })
        settings.cacheControl.defaultImmutable = raw.cacheDefaultImmutable?.value ?? false
        settings.cacheControl.overrides = raw.cacheOverrides.compactMap { override in
            guard let path = required(override.path, override.site.child("path"), "`path`") else { return nil }
            return CacheControlOverride(path: path, maxAge: duration(override.maxAge),
                                        immutable: override.immutable?.value ?? false)
        }
        return settings
    }

    /// `server.idle`; an empty action means off.
    private func idle(_ raw: RawIdle?) -> IdleSettings? {
        guard let raw, let action = raw.action, !action.value.isEmpty else {
            _ = duration(raw?.timeout)
            return nil
        }
        guard let parsed = IdleSettings.Action(rawValue: action.value) else {
            error(action.site, "expected `suspend` or `stop`, found `\(action.value)`")
            return nil
        }
        return IdleSettings(action: parsed, timeout: duration(raw.timeout) ?? .seconds(600))
    }

    /// `server.health_check`; no path means off.
    private func healthCheck(_ raw: RawHealthCheck?) -> HealthCheckSettings? {
        guard let raw, let path = raw.path, !path.value.isEmpty else { return nil }
        let response = raw.response.map { response in
            SyntheticResponse(
                status: status(response.status, default: 200, in: 100...599),
                body: response.body?.value ?? "",
                headers: response.headers.map { HeaderEntry($0.name, $0.value.value) })
        }
        return HealthCheckSettings(path: path.value, response: response)
    }

    /// One `server.cgi_scripts[]` entry; the script must be an executable file (D30).
    private func cgiScript(_ raw: RawCGIScript) -> CGIScriptSpec? {
        let path = required(raw.path, raw.site.child("path"), "`path`")
        guard let scriptText = required(raw.script, raw.site.child("script"), "`script`"), let script = raw.script
        else { return nil }
        let resolved = resolve(scriptText)
        var isDirectory = false
        if !FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) || isDirectory {
            error(script.site, "CGI script `\(resolved)` does not exist")
        } else if !FileManager.default.isExecutableFile(atPath: resolved) {
            error(script.site, "CGI script `\(resolved)` is not executable")
        }
        guard let path else { return nil }
        return CGIScriptSpec(
            path: path, script: resolved,
            method: raw.method.flatMap { $0.value.isEmpty ? nil : $0.value.uppercased() },
            user: raw.user?.value, group: raw.group?.value,
            allowedUsers: raw.allowedUsers.map(\.value), env: environment(raw.env),
            reloadConfig: raw.reloadConfig.map { resolve($0.value) },
            timeout: duration(raw.timeout).flatMap { $0 == .zero ? nil : $0 })
    }

    /// `server.limits` (D28).
    private func limits(_ raw: RawLimits) -> ServerLimits {
        var limits = ServerLimits()
        if let value = duration(raw.headerTimeout) { limits.headerTimeout = value }
        if let value = duration(raw.idleTimeout) { limits.idleTimeout = value }
        if let value = size(raw.maxHeaderSize) {
            if value <= 0 || value > Int64(Int32.max) {
                error(raw.maxHeaderSize!.site, "expected a size between 1 byte and 2G, found `\(raw.maxHeaderSize!.value)`")
            } else {
                limits.maxHeaderSize = Int(value)
            }
        }
        if let value = size(raw.maxBodySize) { limits.maxBodySize = value == 0 ? nil : value }
        return limits
    }
}
