import Testing

@testable import Navigator

/// `Range` header resolution with Go's rules.
@Suite struct ByteRangeRequestTests {
    @Test func resolvesTheUsualForms() {
        #expect(ByteRangeRequest.parse("bytes=0-4", size: 10) == .ranges([0...4]))
        #expect(ByteRangeRequest.parse("bytes=-4", size: 10) == .ranges([6...9]))
        #expect(ByteRangeRequest.parse("bytes=-40", size: 10) == .ranges([0...9]))
        #expect(ByteRangeRequest.parse("bytes=3-", size: 10) == .ranges([3...9]))
        #expect(ByteRangeRequest.parse("bytes= 1-2 , 4-5", size: 10) == .ranges([1...2, 4...5]))
        #expect(ByteRangeRequest.parse("bytes=1-2,,", size: 10) == .ranges([1...2]))
    }

    @Test func distinguishesNoOverlapFromMalformed() {
        #expect(ByteRangeRequest.parse("bytes=10-", size: 10) == .noOverlap)
        #expect(ByteRangeRequest.parse("bytes=-0", size: 10) == .noOverlap)
        #expect(ByteRangeRequest.parse("bytes=20-30, 1-2", size: 10) == .ranges([1...2]))
        for malformed in ["bytes=5-1", "bytes=a-b", "bytes=--1", "bytes=1", "octets=0-1", "bytes=+1-2", "bytes=-"] {
            #expect(ByteRangeRequest.parse(malformed, size: 10) == .invalid, "\(malformed)")
        }
    }

    @Test func rangesLargerThanTheFileAreIgnored() {
        #expect(ByteRangeRequest.parse("bytes=0-9,0-9", size: 10) == .ranges([]))
    }
}
