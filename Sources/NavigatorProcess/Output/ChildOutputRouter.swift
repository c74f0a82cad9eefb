public import NavigatorConfig
import Synchronization

/// Sends child output where `logging:` says (§1b): stdout (text or JSON), `logging.file` with `{{app}}` in addition,
/// and the Vector socket when enabled (which also receives the access log). The settings can change on reload.
public final class ChildOutputRouter: Sendable {
    private let standardOutput: @Sendable (String) -> Void
    private let settings: Mutex<LoggingSettings>
    private let files = LogFileSet()
    private let vector = VectorSocketWriter()
    /// Whether Vector is configured: read for every access-log line, so it is kept apart from the settings lock.
    private let vectorEnabled = Atomic<Bool>(false)

    /// Writes stdout lines through `standardOutput` (the server's shared line writer).
    public init(settings: LoggingSettings = .init(), standardOutput: @escaping @Sendable (String) -> Void) {
        self.standardOutput = standardOutput
        self.settings = Mutex(settings)
        update(settings)
    }

    /// Applies new `logging:` settings (reload).
    public func update(_ newSettings: LoggingSettings) {
        settings.withLock { $0 = newSettings }
        vector.configure(socketPath: newSettings.vector?.socket)
        vectorEnabled.store(newSettings.vector != nil, ordering: .relaxed)
    }

    /// Sends an access-log line to Vector as it is (Navigator's access-log writer adds nothing), when enabled.
    public func sendAccessLogLine(_ line: String) {
        guard vectorEnabled.load(ordering: .relaxed) else { return }
        vector.send(line)
    }

    /// The sink children write through.
    public var sink: ChildOutputSink { { [self] line in self.write(line) } }

    /// Routes one line.
    public func write(_ line: ChildOutputLine) {
        let current = settings.withLock { $0 }
        let timestamp = LocalTimestamp.now()
        let rendered = ChildOutputFormatter.render(line, format: current.format, timestamp: timestamp)
        standardOutput(rendered)
        if let template = current.file, !template.isEmpty {
            files.append(rendered, path: template.replacing("{{app}}", with: line.source))
        }
        if current.vector != nil {
            vector.send(ChildOutputFormatter.renderForVector(line, timestamp: timestamp))
        }
    }
}
