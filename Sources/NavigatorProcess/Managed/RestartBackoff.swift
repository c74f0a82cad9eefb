/// Capped exponential backoff for `auto_restart` (D11): `initial`, doubled after each consecutive abnormal exit,
/// at most `maximum`; a process that ran at least `resetAfter` counts as healthy again.
public struct RestartBackoff: Sendable, Equatable {
    /// Delay before the first restart.
    public var initial: Duration
    /// Upper bound.
    public var maximum: Duration
    /// A run this long resets the sequence.
    public var resetAfter: Duration

    /// 1 s, 2 s, 4 s … up to 60 s; reset after a minute of healthy running.
    public static let standard = RestartBackoff(initial: .seconds(1), maximum: .seconds(60), resetAfter: .seconds(60))

    /// Creates a policy.
    public init(initial: Duration, maximum: Duration, resetAfter: Duration) {
        self.initial = initial
        self.maximum = maximum
        self.resetAfter = resetAfter
    }

    /// The delay before restart number `failures + 1` (`failures` = consecutive abnormal exits before this one).
    public func delay(afterConsecutiveFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 0..<max(0, failures) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
