@testable import Navigator
import Testing

@Suite struct AccessLogTimestampTests {
    @Test func usesGoLayoutWithOffset() {
        // 2026-03-28T16:00:00Z seen from UTC-4.
        let text = AccessLogTimestamp.format(secondsSinceEpoch: 1_774_713_600, nanoseconds: 0, utcOffsetSeconds: -4 * 3600)
        #expect(text == "2026-03-28T12:00:00.000-04:00")
    }

    @Test func printsZForUTCAndTruncatesMilliseconds() {
        let text = AccessLogTimestamp.format(secondsSinceEpoch: 0, nanoseconds: 999_999_999, utcOffsetSeconds: 0)
        #expect(text == "1970-01-01T00:00:00.999Z")
    }

    @Test func handlesHalfHourOffsetsAndDateChanges() {
        // 2024-02-28T20:00:00Z is already the leap day in India (+05:30).
        let text = AccessLogTimestamp.format(secondsSinceEpoch: 1_709_150_400, nanoseconds: 5_000_000, utcOffsetSeconds: 19_800)
        #expect(text == "2024-02-29T01:30:00.005+05:30")
    }

    @Test func handlesInstantsBeforeTheEpoch() {
        let text = AccessLogTimestamp.format(secondsSinceEpoch: -1, nanoseconds: 0, utcOffsetSeconds: 0)
        #expect(text == "1969-12-31T23:59:59.000Z")
    }

    @Test func yearsPastFourDigitsAreWrittenInFull() {
        // 10000-01-01T00:00:00Z, seen from UTC+1.
        let text = AccessLogTimestamp.format(secondsSinceEpoch: 253_402_300_800, nanoseconds: 42_000_000, utcOffsetSeconds: 3600)
        #expect(text == "10000-01-01T01:00:00.042+01:00")
    }

    @Test(arguments: [(0, 1970, 1, 1), (59, 1970, 3, 1), (11_016, 2000, 2, 29), (-719_468, 0, 3, 1), (20_540, 2026, 3, 28)])
    func civilDates(days: Int, year: Int, month: Int, day: Int) {
        let date = AccessLogTimestamp.civilDate(daysSinceEpoch: Int64(days))
        #expect(date.year == year && date.month == month && date.day == day)
    }

    @Test func nowHasTheLayout() throws {
        let pattern = try Regex(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"#)
        #expect(AccessLogTimestamp.now().wholeMatch(of: pattern) != nil)
    }

    @Test(arguments: [
        (Duration.zero, "0.000"), (.milliseconds(1), "0.001"), (.microseconds(1_499), "0.001"),
        (.microseconds(1_500), "0.002"), (.seconds(2) + .milliseconds(345), "2.345"), (.seconds(61), "61.000"),
    ])
    func requestTimeHasThreeDecimals(duration: Duration, expected: String) {
        #expect(AccessLogEntry.formatSeconds(duration) == expected)
    }
}
