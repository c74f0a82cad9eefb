import NIOCore

/// An actor whose executor is one event loop, so code isolated to it runs on that loop without hops.
///
/// NIO's loops are the server's global executor, and they run every job as the loop's own serial executor. A task
/// that is merely nonisolated therefore hops back through the loop's queue each time it enters a function that
/// asks for the generic executor — about fifty hops per request before this existed. A request answered by
/// `HTTPConnectionHandler` runs isolated to this actor instead; the pipeline's functions inherit that isolation
/// (`NonisolatedNonsendingByDefault`, Package.swift) and stay on the loop.
actor EventLoopIsolation {
    /// The loop this actor's work runs on.
    nonisolated let eventLoop: any EventLoop
    /// The loop's executor, held here so the unowned reference below stays valid (for loops other than NIO's own,
    /// `executor` makes a new wrapper on every call).
    private nonisolated let executor: any SerialExecutor
    /// Worked out once: the runtime asks for it at every executor check, and asking the loop each time cost a
    /// retain and a release of the boxed executor (about as much as all the request-context copies together).
    private nonisolated let unowned: UnownedSerialExecutor

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        unowned
    }

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.executor = eventLoop.executor
        self.unowned = executor.asUnownedSerialExecutor()
    }
}
