/// One line a child wrote (§1b): tenant apps use the tenant name as `source`, managed processes their name.
public struct ChildOutputLine: Sendable, Equatable {
    /// Which pipe the line came from.
    public enum Stream: String, Sendable, Equatable {
        case stdout, stderr
    }

    /// Tenant or process name.
    public var source: String
    /// `stdout` or `stderr`.
    public var stream: Stream
    /// The line without its newline.
    public var text: String

    /// Creates a line.
    public init(source: String, stream: Stream, text: String) {
        self.source = source
        self.stream = stream
        self.text = text
    }
}

/// Receives child output lines.
public typealias ChildOutputSink = @Sendable (ChildOutputLine) -> Void
