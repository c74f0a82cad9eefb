import HTTPTypes

/// The validators of a file and the outcome of a request's preconditions against them (RFC 9110 §13.2.2, in the
/// order Go's `http.ServeContent` evaluates them).
struct ConditionalRequest {
    /// What to do after evaluating the preconditions.
    enum Outcome: Equatable {
        /// Serve the file; `range` is the `Range` header still in force (dropped when `If-Range` does not match).
        case proceed(range: String?)
        /// 304 Not Modified.
        case notModified
        /// 412 Precondition Failed.
        case preconditionFailed
    }

    /// The file's strong entity tag, quotes included.
    let etag: String
    /// The file's modification time in whole seconds (HTTP dates have no finer resolution).
    let modifiedSeconds: Int64

    /// Strong ETag from the modification time (nanoseconds) and the size: `"<mtime-ns hex>-<size hex>"`.
    ///
    /// Strong, because equal mtime and size are taken to mean equal bytes (as nginx does), which lets `If-Range` work.
    static func etag(for file: StaticFile) -> String {
        let nanoseconds = file.modifiedSeconds &* 1_000_000_000 &+ file.modifiedNanoseconds
        // Written straight into the string's storage: one allocation instead of three.
        return ASCIIWriter.string(capacity: 37) { output in
            output.text("\"")
            output.hex(nanoseconds)
            output.text("-")
            output.hex(file.size)
            output.text("\"")
        }
    }

    /// Evaluates `If-Match`, `If-Unmodified-Since`, `If-None-Match`, `If-Modified-Since` and `If-Range`.
    func evaluate(method: HTTPRequest.Method, headers: HTTPFields) -> Outcome {
        let isGetOrHead = method == .get || method == .head
        var condition = matches(headers[.ifMatch], weak: false)
        if condition == nil, let text = headers[.ifUnmodifiedSince], let date = HTTPTimestamp.parse(text) {
            condition = modifiedSeconds <= date
        }
        if condition == false { return .preconditionFailed }

        if let matched = matches(headers[.ifNoneMatch], weak: true) {
            if matched { return isGetOrHead ? .notModified : .preconditionFailed }
        } else if isGetOrHead, let text = headers[.ifModifiedSince], let date = HTTPTimestamp.parse(text),
            modifiedSeconds <= date
        {
            return .notModified
        }

        guard let range = headers[.range], !range.isEmpty else { return .proceed(range: nil) }
        return .proceed(range: ifRangeHolds(headers[.ifRange], isGetOrHead: isGetOrHead) ? range : nil)
    }

    /// Whether the `If-Range` validator (if any) still describes this file.
    private func ifRangeHolds(_ value: String?, isGetOrHead: Bool) -> Bool {
        guard isGetOrHead, let value = value.map({ String(OptionalWhitespace.trim($0[...])) }), !value.isEmpty else {
            return true
        }
        if value.hasPrefix("\"") || value.hasPrefix("W/") {
            return value == etag
        }
        return HTTPTimestamp.parse(value) == modifiedSeconds
    }

    /// Matches an `If-Match`/`If-None-Match` list: `nil` when absent, else whether `*` or one tag matches.
    private func matches(_ header: String?, weak: Bool) -> Bool? {
        guard let header, !OptionalWhitespace.trim(header[...]).isEmpty else { return nil }
        for element in header.split(separator: ",") {
            let tag = OptionalWhitespace.trim(element)
            if tag == "*" { return true }
            if weak {
                if tag.hasPrefix("W/") ? tag.dropFirst(2) == etag[...] : tag == etag[...] { return true }
            } else if tag == etag[...] {
                return true
            }
        }
        return false
    }
}
