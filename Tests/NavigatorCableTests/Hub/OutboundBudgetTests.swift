import NIOCore
import Testing
@testable import NavigatorCable

/// The per-socket queue bound (D17) and the write deadline, without I/O.
struct OutboundBudgetTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func broadcastsAreDroppedBeyondTheMessageBound() {
        var budget = OutboundBudget(maxMessages: 2, maxBytes: 1000)
        #expect(budget.admit(bytes: 10, kind: .broadcast, now: start) == .accept)
        #expect(budget.admit(bytes: 10, kind: .broadcast, now: start) == .accept)
        #expect(budget.admit(bytes: 10, kind: .broadcast, now: start) == .drop)
        budget.completed(bytes: 10, now: start)
        #expect(budget.admit(bytes: 10, kind: .broadcast, now: start) == .accept)
    }

    @Test func broadcastsAreDroppedBeyondTheByteBoundButAnEmptyQueueTakesOneLargeMessage() {
        var budget = OutboundBudget(maxMessages: 100, maxBytes: 100)
        #expect(budget.admit(bytes: 500, kind: .broadcast, now: start) == .accept)
        #expect(budget.admit(bytes: 1, kind: .broadcast, now: start) == .drop)
        budget.completed(bytes: 500, now: start)
        #expect(budget.admit(bytes: 60, kind: .broadcast, now: start) == .accept)
        #expect(budget.admit(bytes: 60, kind: .broadcast, now: start) == .drop)
        #expect(budget.pendingBytes == 60)
    }

    @Test func controlFramesPassAFullQueueUntilTheHardBound() {
        var budget = OutboundBudget(maxMessages: 2, maxBytes: 1000)
        _ = budget.admit(bytes: 1, kind: .broadcast, now: start)
        _ = budget.admit(bytes: 1, kind: .broadcast, now: start)
        #expect(budget.admit(bytes: 1, kind: .control, now: start) == .accept)
        for _ in 0..<(budget.controlHeadroom - 1) { _ = budget.admit(bytes: 1, kind: .control, now: start) }
        #expect(budget.admit(bytes: 1, kind: .control, now: start) == .overflow)
    }

    @Test func writesStallOnlyWithoutProgress() {
        var budget = OutboundBudget(maxMessages: 10, maxBytes: 1000)
        #expect(!budget.stalled(now: start + .seconds(60), timeout: .seconds(10)))
        _ = budget.admit(bytes: 1, kind: .broadcast, now: start)
        _ = budget.admit(bytes: 1, kind: .broadcast, now: start)
        #expect(!budget.stalled(now: start + .seconds(9), timeout: .seconds(10)))
        budget.completed(bytes: 1, now: start + .seconds(9))
        #expect(!budget.stalled(now: start + .seconds(15), timeout: .seconds(10)))
        #expect(budget.stalled(now: start + .seconds(20), timeout: .seconds(10)))
        budget.completed(bytes: 1, now: start + .seconds(20))
        #expect(!budget.stalled(now: start + .seconds(40), timeout: .seconds(10)))
    }
}
