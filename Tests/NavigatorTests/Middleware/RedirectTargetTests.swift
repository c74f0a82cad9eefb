@testable import Navigator
import Testing

@Suite struct RedirectTargetTests {
    @Test(arguments: [
        // Absolute paths are cleaned; a trailing slash survives.
        ("/new", "/old", "/new"),
        ("/a/./b/../c/", "/old", "/a/c/"),
        ("//double//slash", "/old", "//double//slash"),
        ("/a//b", "/old", "/a/b"),
        ("/../x", "/old", "/x"),
        // Relative targets resolve against the current directory.
        ("new", "/docs/old", "/docs/new"),
        ("new/", "/docs/old", "/docs/new/"),
        ("../up", "/docs/sub/old", "/docs/up"),
        ("./here", "/docs/old/", "/docs/old/here"),
        ("", "/docs/old", "/docs/"),
        ("../../../x", "/a/b", "/x"),
        // A query in the target is kept, outside the cleaning.
        ("/a/../b?x=/../y", "/old", "/b?x=/../y"),
        // Scheme or host: passed through untouched.
        ("https://example.com/a/../b", "/old", "https://example.com/a/../b"),
        ("mailto:someone@example.com", "/old", "mailto:someone@example.com"),
        ("//cdn.example.com/x", "/old", "//cdn.example.com/x"),
        // What Go's url.Parse rejects is sent as is.
        ("bad%zz/../x", "/old", "bad%zz/../x"),
    ])
    func resolvesLikeGoRedirect(target: String, current: String, expected: String) {
        #expect(RedirectTarget.resolve(target, currentPath: current) == expected)
    }

    @Test(arguments: [
        ("", "."), ("/", "/"), ("a/b/..", "a"), ("../a", "../a"), ("/../a", "/a"), ("a/../..", ".."),
        ("//a//b//", "/a/b"), ("./", "."),
    ])
    func cleansLikeGoPathClean(input: String, expected: String) {
        #expect(RedirectTarget.cleanPath(input) == expected)
    }

    @Test func detectsSchemes() {
        #expect(RedirectTarget.isAbsoluteURL("http://x"))
        #expect(RedirectTarget.isAbsoluteURL("a+b.c-d:x"))
        #expect(!RedirectTarget.isAbsoluteURL("1a:x"))
        #expect(!RedirectTarget.isAbsoluteURL("/a:b"))
        #expect(!RedirectTarget.isAbsoluteURL("///a"))
        #expect(!RedirectTarget.isAbsoluteURL(":x"))
    }

    @Test func headerValueEscapesNonASCIIBytes() {
        #expect(RedirectTarget.headerValue("/café?q=ü") == "/caf%c3%a9?q=%c3%bc")
        #expect(RedirectTarget.headerValue("/plain") == "/plain")
    }

    @Test func redirectBodyEscapesHTML() {
        #expect(RedirectResponse.htmlEscape("/a?b=1&c=\"<'>\"") == "/a?b=1&amp;c=&#34;&lt;&#39;&gt;&#34;")
        #expect(RedirectResponse.reasonPhrase(301) == "Moved Permanently")
        #expect(RedirectResponse.reasonPhrase(308) == "Permanent Redirect")
    }
}
