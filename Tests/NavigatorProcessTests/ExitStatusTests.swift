import Testing
@testable import NavigatorProcess

/// `waitpid` status decoding.
@Suite struct ExitStatusTests {
    @Test func decodesNormalExitAndSignal() {
        #expect(ExitStatus(waitStatus: 0) == .exited(0))
        #expect(ExitStatus(waitStatus: 3 << 8) == .exited(3))
        #expect(ExitStatus(waitStatus: 9) == .signaled(9))
        #expect(ExitStatus(waitStatus: 0).isSuccess)
        #expect(!ExitStatus.signaled(15).isSuccess)
        #expect(!ExitStatus.exited(1).isSuccess)
    }
}
