/// Byte sizes as in Navigator's memory limits (F24): case-insensitive `<number>[K|M|G|T][I][B]`, binary multiples
/// (`512M` = `512MiB` = 512 × 2²⁰), no unit = bytes. Decimals are allowed (`1.5G`) and truncated to whole bytes.
enum SizeParser {
    /// What a size field expects, for error messages.
    static let expectation = "a size such as 512M, 1G, 100k or a number of bytes"

    /// Parses `text`; `nil` when it is not a size.
    static func parse(_ text: String) -> Int64? {
        var rest = Substring(text.trimmingBlanks.uppercased())
        if rest.hasSuffix("B") { rest = rest.dropLast() }
        if rest.hasSuffix("I") { rest = rest.dropLast() }
        var multiplier = 1.0
        if let last = rest.last, let unit = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40][String(last)] {
            multiplier = unit
            rest = rest.dropLast()
        } else if text.uppercased().hasSuffix("I") || text.uppercased().hasSuffix("IB") {
            return nil
        }
        guard !rest.isEmpty, rest.filter({ $0 == "." }).count <= 1,
              rest.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }), let value = Double(rest)
        else { return nil }
        let bytes = value * multiplier
        guard bytes < Double(Int64.max) else { return nil }
        return Int64(bytes)
    }
}
