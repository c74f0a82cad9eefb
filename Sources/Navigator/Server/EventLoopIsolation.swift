import NIOCore

/// An actor whose executor is one event loop, so code isolated to it runs on that loop without hops.
///
/// NIO's loops are the server's global executor, and they run every job as the loop's own serial executor. A task
/// that is merely nonisolated therefore hops back through the loop's queue each time it enters a function that
/// asks for the generic executor — about fifty hops per request before this existed. A request answered by
/// `LocalExchangeHandler` runs isolated to this actor instead; the pipeline's functions inherit that isolation
/// (`NonisolatedNonsendingByDefault`, Package.swift) and stay on the loop.
actor EventLoopIsolation {
    /// The loop this actor's work runs on.
    nonisolated let eventLoop: any EventLoop

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        eventLoop.executor.asUnownedSerialExecutor()
    }

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }
}
