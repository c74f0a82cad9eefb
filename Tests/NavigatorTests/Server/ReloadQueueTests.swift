import Synchronization
import Testing
@testable import Navigator

/// Reload triggers are serialised and bursts coalesce: one running, at most one pending.
@Suite struct ReloadQueueTests {
    /// A reload body that counts its runs and holds the first one until `open()`.
    final class HeldWork: Sendable {
        private let runs = Mutex(0)
        private let gate = Mutex<(open: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

        var count: Int { runs.withLock { $0 } }

        func run() async {
            runs.withLock { $0 += 1 }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let isOpen = gate.withLock { state in
                    if !state.open { state.waiter = continuation }
                    return state.open
                }
                if isOpen { continuation.resume() }
            }
        }

        func open() {
            let waiter = gate.withLock { state in
                state.open = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    @Test func aBurstDuringAReloadRunsExactlyOneMore() async throws {
        let work = HeldWork()
        let queue = ReloadQueue { await work.run() }
        #expect(queue.trigger() == .started)
        while work.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
        var outcomes: [ReloadQueue.Outcome] = []
        for _ in 0..<20 { outcomes.append(queue.trigger()) }
        #expect(outcomes.first == .queued)
        #expect(outcomes.dropFirst().allSatisfy { $0 == .joined })
        work.open()
        await queue.waitUntilIdle()
        #expect(work.count == 2)
    }

    @Test func aTriggerAfterTheQueueWentIdleStartsAgain() async {
        let work = HeldWork()
        work.open()
        let queue = ReloadQueue { await work.run() }
        #expect(queue.trigger() == .started)
        await queue.waitUntilIdle()
        #expect(queue.trigger() == .started)
        await queue.waitUntilIdle()
        #expect(work.count == 2)
    }

    @Test func waitingOnAnIdleQueueReturnsAtOnce() async {
        let queue = ReloadQueue {}
        await queue.waitUntilIdle()
        #expect(queue.trigger() == .started)
    }
}
