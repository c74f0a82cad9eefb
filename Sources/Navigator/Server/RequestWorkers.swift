import NIOCore
import Synchronization

/// Tasks that answer `HTTPConnectionHandler`'s requests on one event loop, kept between requests.
///
/// A new task per request cost its creation and teardown plus a `malloc` for each async frame of the pipeline
/// (about twenty per static request): the task allocator keeps its slabs only for the task's lifetime. A worker
/// kept here reuses its slabs, so after its first request the pipeline's frames cost no allocation. A request
/// goes to an idle worker (resumed through its continuation, one job on the loop, as a new task would be), or to
/// a new one when all are busy. At most `idleLimit` workers wait per loop; others end after their request, so the
/// memory kept does not grow with the number of connections.
final class RequestWorkers: @unchecked Sendable {
    // @unchecked: `idle` is only touched on `isolation.eventLoop`.

    /// One request to answer: run on the worker, so on the loop.
    typealias Job = @Sendable () async -> Void

    /// A task that answers one request after another.
    final class Worker: @unchecked Sendable {
        // @unchecked: only touched on the event loop of its pool.
        fileprivate var continuation: UnsafeContinuation<Job?, Never>?
        fileprivate var task: Task<Void, Never>?
        fileprivate var retired = false

        /// Cancels the request being answered; the worker then ends instead of taking another.
        func cancel() {
            retired = true
            task?.cancel()
        }
    }

    /// Most workers kept waiting on one loop.
    static let idleLimit = 16

    /// The actor whose executor is the loop; every worker runs isolated to it.
    let isolation: EventLoopIsolation
    private var idle: [Worker] = []

    /// How many workers wait for a job (for tests).
    var idleCount: Int { idle.count }

    /// Workers for `eventLoop`.
    init(eventLoop: any EventLoop) {
        isolation = EventLoopIsolation(eventLoop: eventLoop)
    }

    /// Starts answering `job` (on the loop) and returns the worker answering it.
    func dispatch(_ job: @escaping Job) -> Worker {
        if let worker = idle.popLast(), let continuation = worker.continuation {
            worker.continuation = nil
            continuation.resume(returning: job)
            return worker
        }
        let worker = Worker()
        worker.task = Task { [isolation] in await isolation.work(worker, first: job, pool: self) }
        return worker
    }

    /// Parks `worker` until the next job; `false` when it should end instead.
    fileprivate func park(_ worker: Worker, _ continuation: UnsafeContinuation<Job?, Never>) -> Bool {
        guard !worker.retired, idle.count < Self.idleLimit else { return false }
        worker.continuation = continuation
        idle.append(worker)
        return true
    }
}

extension EventLoopIsolation {
    /// `worker`'s life: `first`, then every job handed to it until it is retired or not kept.
    fileprivate func work(
        _ worker: RequestWorkers.Worker, first: @escaping RequestWorkers.Job, pool: RequestWorkers
    ) async {
        var next: RequestWorkers.Job? = first
        while let job = next {
            await job()
            next = await withUnsafeContinuation { continuation in
                if !pool.park(worker, continuation) { continuation.resume(returning: nil) }
            }
        }
        worker.task = nil
    }
}

/// One `RequestWorkers` per event loop of a server, made when the first connection on that loop is set up.
final class WorkerRegistry: Sendable {
    private let pools = Mutex<[ObjectIdentifier: RequestWorkers]>([:])

    /// The workers of `eventLoop`.
    func workers(for eventLoop: any EventLoop) -> RequestWorkers {
        pools.withLock { pools in
            // The pool holds its loop, so a key cannot be reused by another loop while the entry exists.
            if let pool = pools[ObjectIdentifier(eventLoop)] { return pool }
            let pool = RequestWorkers(eventLoop: eventLoop)
            pools[ObjectIdentifier(eventLoop)] = pool
            return pool
        }
    }
}
