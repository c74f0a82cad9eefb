import Synchronization

/// The swap point: holds the current pipeline generation and replaces it atomically.
public final class PipelineHolder: Sendable {
    private let current: Mutex<Pipeline>

    /// Starts with `initial`.
    public init(_ initial: Pipeline) {
        self.current = Mutex(initial)
    }

    /// The generation new requests are served by.
    public var pipeline: Pipeline { current.withLock { $0 } }

    /// Installs `next` for every request that starts from now on; returns the generation it replaced.
    @discardableResult
    public func swap(to next: Pipeline) -> Pipeline {
        current.withLock { value in
            let old = value
            value = next
            return old
        }
    }
}

/// The server's responder: looks up the current generation once per request and runs it.
public struct SwappableResponder: Sendable {
    /// Where the current generation lives.
    public let holder: PipelineHolder

    /// Creates a responder over `holder`.
    public init(holder: PipelineHolder) {
        self.holder = holder
    }

    public func respond(to request: Request, context: NavigatorRequestContext) async throws -> Response {
        // Read once: the whole request runs on this generation even if a swap happens meanwhile.
        let pipeline = holder.pipeline
        return try await pipeline.respond(to: request, context: context)
    }
}
