#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The access log's `@timestamp`: local time in Go's layout `2006-01-02T15:04:05.000Z07:00`
/// (milliseconds truncated, `Z` for a zero offset, else `±hh:mm`).
enum AccessLogTimestamp {
    /// The current wall-clock time in the process's local time zone.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var broken = tm()
        localtime_r(&seconds, &broken)
        return format(
            secondsSinceEpoch: Int64(spec.tv_sec), nanoseconds: Int(spec.tv_nsec), utcOffsetSeconds: Int(broken.tm_gmtoff)
        )
    }

    /// Formats an instant as seen from a zone `utcOffsetSeconds` east of UTC.
    static func format(secondsSinceEpoch: Int64, nanoseconds: Int, utcOffsetSeconds: Int) -> String {
        let local = secondsSinceEpoch + Int64(utcOffsetSeconds)
        let days = floorDivide(local, 86_400)
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // One per request: written straight into the string's storage, one allocation in all.
        return ASCIIWriter.string(capacity: 40) { output in
            if year >= 0 { output.decimal(year, width: 4) } else { output.text(pad(year, 4)) }
            output.text("-")
            output.decimal(month, width: 2)
            output.text("-")
            output.decimal(day, width: 2)
            output.text("T")
            output.decimal(secondOfDay / 3600, width: 2)
            output.text(":")
            output.decimal(secondOfDay / 60 % 60, width: 2)
            output.text(":")
            output.decimal(secondOfDay % 60, width: 2)
            output.text(".")
            output.decimal(nanoseconds / 1_000_000, width: 3)
            if utcOffsetSeconds == 0 {
                output.text("Z")
            } else {
                let minutes = abs(utcOffsetSeconds) / 60
                output.text(utcOffsetSeconds < 0 ? "-" : "+")
                output.decimal(minutes / 60, width: 2)
                output.text(":")
                output.decimal(minutes % 60, width: 2)
            }
        }
    }

    /// Year, month (1–12) and day (1–31) of a day count from 1970-01-01 in the proleptic Gregorian calendar.
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int, month: Int, day: Int) {
        // Shift to eras of 400 years starting on 0000-03-01, so leap days fall at the end of each cycle year.
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// Division rounding toward negative infinity.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// Zero-pads `value` to `width` digits.
    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
