@testable import Navigator
import NavigatorConfig
import Testing

@Suite struct ReplacementTemplateTests {
    /// Go's `ReplaceAllString(subject, template)` for `pattern`.
    func replace(_ pattern: String, _ subject: String, _ template: String) throws -> String {
        ReplacementTemplate(template).replaceAll(in: subject, pattern: try PathPattern(pattern))
    }

    @Test(arguments: [
        // Numbered groups, plain and braced.
        ("^/a/(\\d+)$", "/a/42", "/b/$1", "/b/42"),
        ("^/a/(\\d+)$", "/a/42", "/b/${1}", "/b/42"),
        ("^/a/(\\d+)$", "/a/42", "/b/${1}x", "/b/42x"),
        // `$1x` names the group `1x`, which does not exist: empty.
        ("^/a/(\\d+)$", "/a/42", "/b/$1x", "/b/"),
        // `$0` is the whole match.
        ("^/a/(\\d+)$", "/a/42", "[$0]", "[/a/42]"),
        // Named groups, in both RE2 and Swift spellings.
        ("^/u/(?P<id>\\w+)$", "/u/bob", "/users/$id", "/users/bob"),
        ("^/u/(?<id>\\w+)$", "/u/bob", "/users/${id}/x", "/users/bob/x"),
        // `$id_x` is one name (letters, digits and `_`), so it is empty.
        ("^/u/(?P<id>\\w+)$", "/u/bob", "/users/$id_x", "/users/"),
        // `$$` is a literal dollar; a lone or malformed `$` stays literal.
        ("^/p$", "/p", "/cost$$5", "/cost$5"),
        ("^/p$", "/p", "/cost$", "/cost$"),
        ("^/p$", "/p", "/a$-b", "/a$-b"),
        ("^/(p)$", "/p", "/a${1", "/a${1"),
        ("^/(p)$", "/p", "/a${}", "/a${}"),
        // Leading zeros and unknown numbers insert nothing.
        ("^/(p)$", "/p", "/$01", "/"),
        ("^/(p)$", "/p", "/$2", "/"),
        // A group that did not take part is empty.
        ("^/(a)?(b)$", "/b", "/[$1][$2]", "/[][b]"),
        // Non-ASCII letters belong to a name.
        ("^/(p)$", "/p", "/$1é", "/"),
    ])
    func expandsLikeGo(pattern: String, subject: String, template: String, expected: String) throws {
        #expect(try replace(pattern, subject, template) == expected)
    }

    @Test func everyMatchIsReplacedAndTheRestKept() throws {
        #expect(try replace("o", "/foo/bor", "0") == "/f00/b0r")
        #expect(try replace("/old/", "/x/old/y/old/z", "/new/") == "/x/new/y/new/z")
        #expect(try replace("(\\d+)", "/v1/v22", "<$1>") == "/v<1>/v<22>")
    }

    @Test func emptyMatchRightAfterAMatchIsNotReplaced() throws {
        // Go: regexp.MustCompile("a*").ReplaceAllString("baaac", "X") == "XbXcX".
        #expect(try replace("a*", "baaac", "X") == "XbXcX")
        #expect(try replace("x*", "ab", "-") == "-a-b-")
    }

    @Test func parsesIntoSegments() {
        #expect(ReplacementTemplate("/a/${1}b$name$$").segments == [.literal("/a/"), .group(1), .literal("b"), .named("name"), .literal("$")])
        // Go stops treating digits as a number once the value reaches 10^8 before the next digit.
        #expect(ReplacementTemplate("$1234567890").segments == [.named("1234567890")])
        #expect(ReplacementTemplate("$123456789").segments == [.group(123_456_789)])
        #expect(ReplacementTemplate(literal: "/$1/").segments == [.literal("/$1/")])
    }

    @Test func literalTemplateIgnoresDollars() throws {
        let template = ReplacementTemplate(literal: "/$1/")
        #expect(template.replaceAll(in: "/a", pattern: try PathPattern("^/(a)$")) == "/$1/")
    }
}
