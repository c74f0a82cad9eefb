public import Logging
public import NavigatorCore

/// Long-lived things every pipeline generation may use; they outlive reloads (ARCHITECTURE §7).
public struct PipelineServices: Sendable {
    /// Navigator's own log.
    public var logger: Logger
    /// Receives one finished access-log line (JSON, no newline) per request.
    public var accessLogSink: @Sendable (String) -> Void

    /// Creates the services.
    public init(logger: Logger, accessLogSink: @escaping @Sendable (String) -> Void) {
        self.logger = logger
        self.accessLogSink = accessLogSink
    }
}
