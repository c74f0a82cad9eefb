@testable import Navigator
import Testing

/// The extension that picks a file's content type.
@Suite struct FileResponderTests {
    @Test(arguments: [
        ("/srv/public/app.css", "css"), ("/srv/public/archive.tar.gz", "gz"), ("/srv/public.d/README", ""),
        ("/srv/public/.hidden", "hidden"), ("/srv/public/trailing.", ""), ("relative/name.js", "js"),
        ("name.txt", "txt"), ("/srv/public/dir.d/", "d"), ("/srv/public/page.html/", "html"), ("", ""), ("/", ""),
        ("/srv/público/café.svg", "svg"),
    ])
    func extensionIsTheLastComponentsSuffixAfterItsLastDot(path: String, expected: String) {
        #expect(FileResponder.fileExtension(of: path) == expected[...])
    }
}
