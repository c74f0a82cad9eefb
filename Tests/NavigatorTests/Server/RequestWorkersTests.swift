import NIOCore
import NIOPosix
import Testing

@testable import Navigator

/// The tasks kept per event loop to answer local requests, on a real event loop: one worker takes request after
/// request, requests in flight together get workers of their own, at most `idleLimit` wait, and a cancelled worker
/// is not reused.
@Suite struct RequestWorkersTests {
    let loop = MultiThreadedEventLoopGroup.singleton.next()

    func dispatch(_ pool: RequestWorkers, _ job: @escaping RequestWorkers.Job) async throws -> RequestWorkers.Worker {
        try await loop.submit { pool.dispatch(job) }.get()
    }

    func idleCount(_ pool: RequestWorkers) async throws -> Int {
        try await loop.submit { pool.idleCount }.get()
    }

    @Test func oneWorkerAnswersRequestAfterRequest() async throws {
        let pool = RequestWorkers(eventLoop: loop)
        let first = loop.makePromise(of: Void.self)
        let second = loop.makePromise(of: Void.self)
        let answeredFirst = try await dispatch(pool) { first.succeed() }
        try await first.futureResult.get()
        #expect(try await idleCount(pool) == 1)
        let answeredSecond = try await dispatch(pool) { second.succeed() }
        try await second.futureResult.get()
        #expect(answeredFirst === answeredSecond)
        #expect(try await idleCount(pool) == 1)
    }

    @Test func requestsInFlightTogetherHaveTheirOwnWorkersAndAtMostTheLimitWaits() async throws {
        let pool = RequestWorkers(eventLoop: loop)
        let count = RequestWorkers.idleLimit + 3
        let gate = loop.makePromise(of: Void.self)
        let finished = (0..<count).map { _ in loop.makePromise(of: Void.self) }
        var workers: [RequestWorkers.Worker] = []
        for done in finished {
            workers.append(try await dispatch(pool) {
                try? await gate.futureResult.get()
                done.succeed()
            })
        }
        #expect(Set(workers.map(ObjectIdentifier.init)).count == count)
        #expect(try await idleCount(pool) == 0)
        gate.succeed()
        for done in finished { try await done.futureResult.get() }
        #expect(try await idleCount(pool) == RequestWorkers.idleLimit)
    }

    @Test func aCancelledWorkerSeesTheCancellationAndIsNotReused() async throws {
        let pool = RequestWorkers(eventLoop: loop)
        let gate = loop.makePromise(of: Void.self)
        let sawCancellation = loop.makePromise(of: Bool.self)
        let cancelled = try await dispatch(pool) {
            try? await gate.futureResult.get()
            sawCancellation.succeed(Task.isCancelled)
        }
        try await loop.submit { cancelled.cancel() }.get()
        gate.succeed()
        #expect(try await sawCancellation.futureResult.get())
        let done = loop.makePromise(of: Bool.self)
        let next = try await dispatch(pool) { done.succeed(Task.isCancelled) }
        #expect(try await done.futureResult.get() == false)
        #expect(next !== cancelled)
        #expect(try await idleCount(pool) == 1)
    }
}
