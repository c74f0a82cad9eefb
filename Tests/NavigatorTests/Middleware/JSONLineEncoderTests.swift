import Foundation
@testable import Navigator
import NavigatorCore
import Testing

@Suite struct JSONLineEncoderTests {
    /// `value` as a quoted JSON string.
    func quoted(_ value: String) -> String {
        var output = ""
        GoJSONString.append(value, to: &output)
        return output
    }

    @Test func keepsMembersInInsertionOrder() {
        var encoder = JSONLineEncoder()
        encoder.add("z", "1")
        encoder.add("a", 2)
        encoder.addIfPresent("skipped", "")
        encoder.addIfPresent("missing", nil)
        encoder.addIfPresent("m", "3")
        #expect(encoder.line == #"{"z":"1","a":2,"m":"3"}"#)
        #expect(JSONLineEncoder().line == "{}")
    }

    @Test(arguments: [0, 7, 10, -1, -42, 200, 1_234_567_890, Int.max, Int.min])
    func numbersAreWrittenInDecimal(value: Int) {
        var encoder = JSONLineEncoder()
        encoder.add("n", value)
        #expect(encoder.line == "{\"n\":\(value)}")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        ("line\nfeed\rreturn\ttab", #""line\nfeed\rreturn\ttab""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{01}\u{1F}\u{00}", #""\u0001\u001f\u0000""#),
        ("<script>&amp;", #""\u003cscript\u003e\u0026amp;""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("café ✓ 😀", "\"café ✓ 😀\""),
        ("\u{7F}/", "\"\u{7F}/\""),
    ])
    func escapesLikeGoEncodingJSON(input: String, expected: String) {
        #expect(quoted(input) == expected)
    }

    @Test func everyEscapedStringDecodesBack() throws {
        let nasty = "\"\\\u{00}\u{01}\n<>&\u{2028}é😀'\u{7F}"
        var encoder = JSONLineEncoder()
        encoder.add("v", nasty)
        let object = try JSONSerialization.jsonObject(with: Data(encoder.line.utf8)) as? [String: String]
        #expect(object?["v"] == nasty)
    }
}
