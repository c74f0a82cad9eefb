import Testing

@testable import Navigator

/// HTTP date formatting and the three accepted input formats.
@Suite struct HTTPTimestampTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPTimestamp.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPTimestamp.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPTimestamp.format(1_709_164_800) == "Thu, 29 Feb 2024 00:00:00 GMT")
        #expect(HTTPTimestamp.format(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        // Past four-digit years the text is built the slow way, with the year in full.
        #expect(HTTPTimestamp.format(253_402_300_800) == "Sat, 01 Jan 10000 00:00:00 GMT")
    }

    @Test func parsesAllThreeFormats() {
        #expect(HTTPTimestamp.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPTimestamp.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(HTTPTimestamp.parse("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(HTTPTimestamp.parse("  Thu, 29 Feb 2024 00:00:00 GMT ") == 1_709_164_800)
        #expect(HTTPTimestamp.parse("Fri, 01 Jan 2049 00:00:00 GMT") == HTTPTimestamp.parse("Friday, 01-Jan-49 00:00:00 GMT"))
    }

    @Test func rejectsEverythingElse() {
        for text in ["", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 25:00:00 GMT",
                     "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT", "1994-11-06T08:49:37Z"] {
            #expect(HTTPTimestamp.parse(text) == nil, "\(text)")
        }
    }
}
