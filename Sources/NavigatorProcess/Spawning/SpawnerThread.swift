import Dispatch
import Synchronization

/// The one thread that forks every child.
///
/// `PR_SET_PDEATHSIG` fires when the *thread* that forked a child ends, not the process; Swift's concurrency and
/// Dispatch threads come and go, so children are forked from this thread, which lives as long as the server.
final class SpawnerThread: Sendable {
    /// The process-wide spawner.
    static let shared = SpawnerThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wakeUp = DispatchSemaphore(value: 0)

    private init() {
        DedicatedThread.start { [self] in
            while true {
                wakeUp.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
    }

    /// Runs `work` on the spawner thread and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: work()) } }
            wakeUp.signal()
        }
    }
}
