import Testing

@testable import Navigator

/// The validator Navigator derives from a file: `"<mtime in ns, hex>-<size, hex>"`.
@Suite struct ConditionalRequestTests {
    @Test(arguments: [
        (0, 0, 0), (1_700_000_000, 123_456_789, 1024), (-1, 999_999_999, 15),
        (Int64.max / 1_000_000_000, 0, Int64.max), (-9_000_000_000, 0, 1),
    ] as [(Int64, Int64, Int64)])
    func etagIsTheModificationTimeAndSizeInHex(seconds: Int64, nanoseconds: Int64, size: Int64) {
        let file = StaticFile(
            path: "/p", resolvedPath: "/p", size: size, modifiedSeconds: seconds, modifiedNanoseconds: nanoseconds
        )
        let expected = "\"\(String(seconds &* 1_000_000_000 &+ nanoseconds, radix: 16))-\(String(size, radix: 16))\""
        #expect(ConditionalRequest.etag(for: file) == expected)
    }
}
