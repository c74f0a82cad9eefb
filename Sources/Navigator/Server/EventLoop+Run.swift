import NIOCore

extension EventLoop {
    /// Runs `body` on this loop: at once when already on it (no hop), otherwise through its queue.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if inEventLoop { return try body() }
        return try await submit(body).get()
    }
}
