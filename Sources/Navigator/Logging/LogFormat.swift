public import NavigatorConfig
import Synchronization

/// The process-wide choice of text or JSON for Navigator's own log; switchable both ways on reload (D12).
public final class LogFormatSwitch: Sendable {
    private let value: Mutex<LoggingSettings.Format>

    /// Starts with `format`.
    public init(_ format: LoggingSettings.Format = .text) {
        self.value = Mutex(format)
    }

    /// The format in force.
    public var format: LoggingSettings.Format {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
