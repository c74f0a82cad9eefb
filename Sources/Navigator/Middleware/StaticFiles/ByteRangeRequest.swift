/// A `Range` header resolved against a file size, with Go's `http.ServeContent` rules.
enum ByteRangeRequest: Equatable {
    /// Serve these inclusive byte ranges (empty = the header asked for nothing usable: serve the whole file).
    case ranges([ClosedRange<Int64>])
    /// The header is malformed: 416 `invalid range`.
    case invalid
    /// Every range starts at or after the end of the file: 416 with `Content-Range: bytes */size`.
    case noOverlap

    /// Resolves `header` (e.g. `bytes=0-99, -20`) for a file of `size` bytes.
    static func parse(_ header: String, size: Int64) -> ByteRangeRequest {
        guard header.hasPrefix("bytes=") else { return .invalid }
        var ranges: [ClosedRange<Int64>] = []
        var sawNonOverlapping = false
        for part in header.dropFirst("bytes=".count).split(separator: ",", omittingEmptySubsequences: false) {
            let spec = OptionalWhitespace.trim(part)
            if spec.isEmpty { continue }
            guard let dash = spec.firstIndex(of: "-") else { return .invalid }
            let first = OptionalWhitespace.trim(spec[..<dash])
            let last = OptionalWhitespace.trim(spec[spec.index(after: dash)...])
            if first.isEmpty {
                // `-N`: the final N bytes.
                guard let suffix = Self.number(last) else { return .invalid }
                let length = min(suffix, size)
                if length == 0 {
                    sawNonOverlapping = true
                    continue
                }
                ranges.append((size - length)...(size - 1))
            } else {
                guard let start = Self.number(first) else { return .invalid }
                if start >= size {
                    sawNonOverlapping = true
                    continue
                }
                if last.isEmpty {
                    ranges.append(start...(size - 1))
                } else {
                    guard let end = Self.number(last), end >= start else { return .invalid }
                    ranges.append(start...min(end, size - 1))
                }
            }
        }
        if ranges.isEmpty && sawNonOverlapping { return .noOverlap }
        // More bytes asked for than the file has: a confused client or an amplification attempt; send it all once.
        let total = ranges.reduce(Int64(0)) { $0 + Int64($1.count) }
        return .ranges(total > size ? [] : ranges)
    }

    /// A non-negative decimal number without sign, or `nil`.
    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }
}
