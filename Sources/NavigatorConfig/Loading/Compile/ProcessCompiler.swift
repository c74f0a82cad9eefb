extension ConfigCompiler {
    /// `hooks:`.
    func hooks(_ raw: RawHooks) -> HookSettings {
        HookSettings(
            serverStart: raw.serverStart.compactMap(hook), serverReady: raw.serverReady.compactMap(hook),
            serverIdle: raw.serverIdle.compactMap(hook), serverResume: raw.serverResume.compactMap(hook),
            serverStop: raw.serverStop.compactMap(hook))
    }

    /// `managed_processes:`; names must be unique.
    func managedProcesses(_ raw: [RawManagedProcess]) -> [ManagedProcessSpec] {
        var seen: [String: SourceLocation] = [:]
        return raw.compactMap { process in
            let name = required(process.name, process.site.child("name"), "`name`")
            let command = required(process.command, process.site.child("command"), "`command`")
            let startDelay = duration(process.startDelay)
            guard let name, let command, let nameValue = process.name else { return nil }
            if let first = seen[name] {
                error(nameValue.site, "duplicate managed process name `\(name)` (first defined at line \(first.line))")
                return nil
            }
            seen[name] = nameValue.location
            return ManagedProcessSpec(
                name: name, command: command, args: process.args.map(\.value),
                workingDir: process.workingDir.flatMap { $0.value.isEmpty ? nil : resolve($0.value) },
                env: environment(process.env), autoRestart: process.autoRestart?.value ?? false,
                startDelay: startDelay == .zero ? nil : startDelay)
        }
    }

    /// `logging:`.
    func logging(_ raw: RawLogging) -> LoggingSettings {
        var logging = LoggingSettings()
        if let format = raw.format, !format.value.isEmpty {
            if let parsed = LoggingSettings.Format(rawValue: format.value.lowercased()) {
                logging.format = parsed
            } else {
                error(format.site, "expected `text` or `json`, found `\(format.value)`")
            }
        }
        logging.file = raw.file.flatMap { $0.value.isEmpty ? nil : $0.value }
        if raw.vectorEnabled?.value == true, let site = raw.vectorSite {
            if let socket = required(raw.vectorSocket, site.child("socket"), "`socket` (when Vector is enabled)") {
                logging.vector = VectorSettings(socket: socket,
                                                config: raw.vectorConfig.flatMap { $0.value.isEmpty ? nil : $0.value })
            }
        }
        return logging
    }
}
