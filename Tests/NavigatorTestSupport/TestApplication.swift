public import Logging
public import NavigatorConfig
public import NavigatorCore
public import Navigator
import Synchronization

/// Collects lines written by the server (access log, child output) for assertions.
public final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    /// Creates an empty collector.
    public init() {}

    /// Appends one line.
    public func append(_ line: String) { storage.withLock { $0.append(line) } }

    /// Every line so far.
    public var lines: [String] { storage.withLock { $0 } }

    /// A sink that appends to this collector.
    public var sink: @Sendable (String) -> Void { { [self] line in self.append(line) } }
}

/// Builders for applications that run real pipelines, in process (`.router`) or on a real port (`.live`).
public enum TestApplication {
    /// A logger for tests (warnings and above, so test output stays readable).
    public static var logger: Logger {
        var logger = Logger(label: "navigator-test")
        logger.logLevel = .warning
        return logger
    }

    /// Services whose access log goes to `accessLog`.
    public static func services(accessLog: LineCollector = LineCollector()) -> PipelineServices {
        PipelineServices(logger: logger, accessLogSink: accessLog.sink)
    }

    /// An application serving exactly `middlewares` (first runs first) with a 404 terminal.
    public static func make(
        configuration: NavigatorConfiguration = NavigatorConfiguration(),
        middlewares: [NamedMiddleware]
    ) -> TestApp {
        let holder = PipelineHolder(Pipeline(generation: 1, configuration: configuration, middlewares: middlewares))
        return make(holder: holder)
    }

    /// An application serving the full pipeline built from `configuration`.
    public static func make(
        configuration: NavigatorConfiguration,
        services: PipelineServices = services()
    ) throws -> TestApp {
        let pipeline = try PipelineBuilder.pipeline(generation: 1, configuration: configuration, services: services)
        return make(holder: PipelineHolder(pipeline))
    }

    /// An application over an existing swap point (for generation tests), served live by the real server with the
    /// configuration's `server.limits` and `cable.max_message_size`.
    public static func make(holder: PipelineHolder, host: String = "127.0.0.1") -> TestApp {
        let configuration = holder.pipeline.configuration
        return TestApp(limits: configuration.server.limits, maxFrameSize: configuration.cable.maxMessageSize, host: host) {
            try await holder.pipeline.respond(to: $0, context: $1)
        }
    }
}
