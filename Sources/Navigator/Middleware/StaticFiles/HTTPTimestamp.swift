#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP dates (`Last-Modified`, `If-Modified-Since`, …) as whole seconds since the epoch.
enum HTTPTimestamp {
    /// Day names in `tm_wday` order (locale-independent on purpose).
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// Month names in `tm_mon` order.
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let year = Int(parts.tm_year) + 1900
        // Written straight into the string's storage: one allocation per header instead of one per piece.
        return ASCIIWriter.string(capacity: 40) { output in
            output.text(weekdays[Int(parts.tm_wday)])
            output.text(", ")
            output.decimal(Int(parts.tm_mday), width: 2)
            output.text(" ")
            output.text(months[Int(parts.tm_mon)])
            output.text(" ")
            // Four digits at least; a year past 9999 is written in full, one before year 0 as Swift prints it.
            if year >= 0 { output.decimal(year, width: 4) } else { output.text(String(year)) }
            output.text(" ")
            output.decimal(Int(parts.tm_hour), width: 2)
            output.text(":")
            output.decimal(Int(parts.tm_min), width: 2)
            output.text(":")
            output.decimal(Int(parts.tm_sec), width: 2)
            output.text(" GMT")
        }
    }

    /// Parses any of the three accepted formats; `nil` when the text is none of them.
    ///
    /// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit years
    /// 69…99 are 19xx, as Go reads them) and asctime `Sun Nov  6 08:49:37 1994`.
    static func parse(_ text: String) -> Int64? {
        let trimmed = OptionalWhitespace.trim(text[...])
        let day: Substring, month: Substring, year: Substring, clock: Substring
        if let comma = trimmed.firstIndex(of: ",") {
            guard trimmed[..<comma].allSatisfy(\.isLetter) else { return nil }
            let fields = trimmed[trimmed.index(after: comma)...].split(whereSeparator: { $0 == " " || $0 == "-" })
            guard fields.count == 5, fields[4] == "GMT" else { return nil }
            (day, month, year, clock) = (fields[0], fields[1], fields[2], fields[3])
        } else {
            let fields = trimmed.split(separator: " ")
            guard fields.count == 5, fields[0].allSatisfy(\.isLetter) else { return nil }
            (month, day, clock, year) = (fields[1], fields[2], fields[3], fields[4])
        }
        guard let monthIndex = months.firstIndex(of: String(month)), let dayNumber = number(day, digits: 1...2),
            var yearNumber = number(year, digits: 2...4), year.count != 3
        else { return nil }
        if year.count == 2 { yearNumber += yearNumber >= 69 ? 1900 : 2000 }
        let clockFields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard clockFields.count == 3, let hour = number(clockFields[0], digits: 2...2),
            let minute = number(clockFields[1], digits: 2...2), let second = number(clockFields[2], digits: 2...2),
            (1...31).contains(dayNumber), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = daysSinceEpoch(year: yearNumber, month: Int64(monthIndex + 1), day: dayNumber)
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// A decimal number of `digits` ASCII digits.
    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int64? {
        guard digits.contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (the civil-calendar algorithm, eras of 400 years).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

}
