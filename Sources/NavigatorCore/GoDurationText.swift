/// A duration as Go's `time.Duration.String()` prints whole seconds (`45s`, `5m0s`, `1h2m3s`), the form Navigator
/// writes in its log attributes (`idleTime=5m0s`).
public enum GoDurationText {
    /// `duration` rounded to the second, in Go's form.
    public static func rounded(_ duration: Duration) -> String {
        let attoseconds = duration.components.attoseconds
        var seconds = duration.components.seconds + (attoseconds >= 500_000_000_000_000_000 ? 1 : 0)
        guard seconds != 0 else { return "0s" }
        let sign = seconds < 0 ? "-" : ""
        seconds = abs(seconds)
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        if hours > 0 { return "\(sign)\(hours)h\(minutes)m\(rest)s" }
        if minutes > 0 { return "\(sign)\(minutes)m\(rest)s" }
        return "\(sign)\(rest)s"
    }
}
