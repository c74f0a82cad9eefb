/// One immutable, validated snapshot of a `navigator.yml` file.
///
/// Produced by `ConfigLoader`; every regex is compiled, every duration parsed, every default applied and every
/// relative path resolved against the working directory at load time. Nothing downstream re-reads YAML.
public struct NavigatorConfiguration: Sendable, Equatable {
    /// The file this snapshot was loaded from (absolute path), or `nil` when built from a string.
    public var sourcePath: String?
    /// `server:`.
    public var server: ServerSettings
    /// `auth:`.
    public var auth: AuthSettings
    /// `cable:`.
    public var cable: CableSettings
    /// `routes:`.
    public var routes: RouteSettings
    /// `applications:`.
    public var applications: ApplicationSettings
    /// `managed_processes:`.
    public var managedProcesses: [ManagedProcessSpec]
    /// `hooks:`.
    public var hooks: HookSettings
    /// `logging:`.
    public var logging: LoggingSettings
    /// `maintenance:`.
    public var maintenance: MaintenanceSettings
    /// `metrics:`.
    public var metrics = MetricsSettings()
    /// Non-fatal findings (unknown keys, deprecated spellings), in file order.
    public var warnings: [ConfigDiagnostic]

    /// A configuration with every default applied, as an empty file would give.
    public init(
        sourcePath: String? = nil,
        server: ServerSettings = .init(),
        auth: AuthSettings = .init(),
        cable: CableSettings = .init(),
        routes: RouteSettings = .init(),
        applications: ApplicationSettings = .init(),
        managedProcesses: [ManagedProcessSpec] = [],
        hooks: HookSettings = .init(),
        logging: LoggingSettings = .init(),
        maintenance: MaintenanceSettings = .init(),
        warnings: [ConfigDiagnostic] = []
    ) {
        self.sourcePath = sourcePath
        self.server = server
        self.auth = auth
        self.cable = cable
        self.routes = routes
        self.applications = applications
        self.managedProcesses = managedProcesses
        self.hooks = hooks
        self.logging = logging
        self.maintenance = maintenance
        self.warnings = warnings
    }
}

/// An environment variable as written in the file; order is kept so that later entries win predictably.
public struct EnvironmentEntry: Sendable, Equatable, Hashable {
    /// Variable name.
    public var name: String
    /// Value after `${VAR}` expansion.
    public var value: String

    /// Creates an entry.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP header as written in the file (order kept).
public struct HeaderEntry: Sendable, Equatable, Hashable {
    /// Header name as written.
    public var name: String
    /// Header value as written (may contain `$remote_addr`-style placeholders where documented).
    public var value: String

    /// Creates a header entry.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
