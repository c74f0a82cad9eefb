/// Stage two: turns the file-shaped `RawConfig` into the validated `NavigatorConfiguration`, recording every problem
/// in the load context. Each section lives in its own extension file.
struct ConfigCompiler {
    /// The load: environment, working directory and the findings.
    let context: LoadContext

    /// Compiles every section.
    func compile(_ raw: RawConfig) -> NavigatorConfiguration {
        var configuration = NavigatorConfiguration()
        configuration.server = server(raw.server)
        configuration.auth = auth(raw.auth)
        configuration.cable = cable(raw.cable)
        configuration.routes = routes(raw.routes)
        configuration.hooks = hooks(raw.hooks)
        configuration.applications = applications(raw.applications, tenantHooks: raw.hooks, server: configuration.server)
        configuration.managedProcesses = managedProcesses(raw.managedProcesses)
        configuration.logging = logging(raw.logging)
        configuration.maintenance = maintenance(raw.maintenance, publicDir: configuration.server.staticFiles.publicDir)
        configuration.metrics = metrics(raw.metrics)
        return configuration
    }

    /// Records a fatal finding at `site`.
    func error(_ site: Site, _ message: String) {
        context.error(site.location, site.keyPath, message)
    }

    /// An absolute path for `path` relative to the working directory.
    func resolve(_ path: String) -> String {
        PathResolver.resolve(path, against: context.workingDirectory)
    }

    /// A duration; errors name the expected form. Negative durations are rejected: no setting takes one.
    func duration(_ value: Located<String>?) -> Duration? {
        // An empty string means "not set", as in Navigator.
        guard let value, !value.value.allSatisfy(\.isWhitespace) else { return nil }
        guard let duration = DurationParser.parse(value.value) else {
            error(value.site, "expected \(DurationParser.expectation), found `\(value.value)`")
            return nil
        }
        if duration < .zero {
            error(value.site, "a duration must not be negative, found `\(value.value)`")
            return nil
        }
        return duration
    }

    /// A byte size; errors name the expected form.
    func size(_ value: Located<String>?) -> Int64? {
        guard let value, !value.value.allSatisfy(\.isWhitespace) else { return nil }
        guard let bytes = SizeParser.parse(value.value) else {
            error(value.site, "expected \(SizeParser.expectation), found `\(value.value)`")
            return nil
        }
        return bytes
    }

    /// A compiled regex; an empty or invalid one is an error (D19, D24).
    func regex(_ value: Located<String>?, missing site: Site) -> PathPattern? {
        guard let value, !value.value.isEmpty else {
            error(value?.site ?? site, "a non-empty regular expression is required (an empty one would match every path)")
            return nil
        }
        do {
            return try PathPattern(value.value)
        } catch {
            self.error(value.site, "invalid regular expression `\(value.value)`: \(error)")
            return nil
        }
    }

    /// A required non-empty string.
    func required(_ value: Located<String>?, _ site: Site, _ what: String) -> String? {
        guard let value, !value.value.isEmpty else {
            error(value?.site ?? site, "\(what) is required")
            return nil
        }
        return value.value
    }

    /// An HTTP status within `range`.
    func status(_ value: Located<Int>?, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let value else { return fallback }
        guard range.contains(value.value) else {
            error(value.site, "expected a status code in \(range.lowerBound)…\(range.upperBound), found \(value.value)")
            return fallback
        }
        return value.value
    }

    /// A bot-detection block.
    func botDetection(_ raw: RawBotDetection?) -> BotDetectionSettings? {
        guard let raw else { return nil }
        var settings = BotDetectionSettings(enabled: raw.enabled?.value ?? false)
        if let action = raw.action, !action.value.isEmpty {
            if let parsed = BotDetectionSettings.Action(rawValue: action.value) {
                settings.action = parsed
            } else {
                error(action.site, "expected `reject`, `ignore` or `static-only`, found `\(action.value)`")
            }
        }
        return settings
    }

    /// Entries of a name→string mapping, in file order.
    func environment(_ raw: [(name: String, value: Located<String>)]) -> [EnvironmentEntry] {
        raw.map { EnvironmentEntry($0.name, $0.value.value) }
    }
}
