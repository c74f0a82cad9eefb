import NIOCore
import NavigatorConfig
import Testing
@testable import NavigatorCable

/// Ping schedule and pong deadline (spec Part C §1.5), without I/O.
struct LivenessTests {
    let limits = ConnectionLimits(CableSettings())
    let start = NIODeadline.uptimeNanoseconds(0)

    @Test func pingsEveryIntervalFromConnect() {
        var liveness = Liveness(now: start, limits: limits)
        #expect(liveness.check(now: start + .seconds(29), limits: limits) == .nothing)
        #expect(liveness.check(now: start + .seconds(30), limits: limits) == .ping)
        #expect(liveness.check(now: start + .seconds(31), limits: limits) == .nothing)
        liveness.pong(now: start + .seconds(31), limits: limits)
        #expect(liveness.check(now: start + .seconds(60), limits: limits) == .ping)
    }

    @Test func onlyAPongMovesTheDeadline() {
        var liveness = Liveness(now: start, limits: limits)
        #expect(liveness.check(now: start + .seconds(60), limits: limits) == .expired)
        liveness.pong(now: start + .seconds(50), limits: limits)
        #expect(liveness.check(now: start + .seconds(100), limits: limits) != .expired)
        #expect(liveness.check(now: start + .seconds(110), limits: limits) == .expired)
    }

    @Test func missedBeatsAreNotBurst() {
        var liveness = Liveness(now: start, limits: limits)
        liveness.pong(now: start + .seconds(200), limits: limits)
        #expect(liveness.check(now: start + .seconds(200), limits: limits) == .ping)
        #expect(liveness.check(now: start + .seconds(201), limits: limits) == .nothing)
    }
}
