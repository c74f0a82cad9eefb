import Foundation

/// Byte sizes as in Navigator's memory limits (F24): case-insensitive `<number>[K|M|G|T][I][B]`, binary multiples
/// (`512M` = `512MiB` = 512 × 2²⁰), no unit = bytes. Decimals are allowed (`1.5G`) and truncated to whole bytes.
enum SizeParser {
    /// What a size field expects, for error messages.
    static let expectation = "a size such as 512M, 1G, 100k or a number of bytes"

    /// Parses `text`; `nil` when it is not a size.
    static func parse(_ text: String) -> Int64? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        if rest.hasSuffix("B") { rest = rest.dropLast() }
        if rest.hasSuffix("I") { rest = rest.dropLast() }
        var multiplier = 1.0
        if let last = rest.last, let power = ["K": 1.0, "M": 2.0, "G": 3.0, "T": 4.0][String(last)] {
            multiplier = pow(1024.0, power)
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
