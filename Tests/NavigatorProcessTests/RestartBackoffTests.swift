import Testing
@testable import NavigatorProcess

/// Capped exponential backoff (D11).
@Suite struct RestartBackoffTests {
    @Test func doublesUpToTheCap() {
        let backoff = RestartBackoff(initial: .seconds(1), maximum: .seconds(5), resetAfter: .seconds(60))
        #expect((0..<5).map { backoff.delay(afterConsecutiveFailures: $0) }
            == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(backoff.delay(afterConsecutiveFailures: 1000) == .seconds(5))
    }
}
