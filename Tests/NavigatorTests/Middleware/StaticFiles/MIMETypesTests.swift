import Foundation
import Testing

@testable import Navigator

/// The Content-Type table: built-in entries, the system file, and precedence between them.
@Suite struct MIMETypesTests {
    @Test func systemFileFillsGapsButDoesNotOverrideTheBuiltInTable() throws {
        let path = FileManager.default.temporaryDirectory.path + "/mime-\(UUID().uuidString).types"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            # comment line
            application/x-custom\tcust  cst
            text/x-special sx # trailing comment
            application/javascript js
            """.write(toFile: path, atomically: false, encoding: .utf8)
        let types = MIMETypes(globFiles: ["/nonexistent/globs2"], typeFiles: ["/nonexistent/mime.types", path])
        #expect(types.contentType(forExtension: "cust") == "application/x-custom")
        #expect(types.contentType(forExtension: "cst") == "application/x-custom")
        #expect(types.contentType(forExtension: "sx") == "text/x-special; charset=utf-8")
        #expect(types.contentType(forExtension: "js") == "text/javascript; charset=utf-8")
        #expect(types.contentType(forExtension: "JS") == "text/javascript; charset=utf-8")
        #expect(types.contentType(forExtension: "nothing") == nil)
        #expect(MIMETypes(globFiles: [], typeFiles: ["/nonexistent"]).contentType(forExtension: "cust") == nil)
    }

    @Test func aGlobs2FileIsReadInsteadOfMimeTypesAsGoDoes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let globs = directory.appendingPathComponent("globs2").path
        let types = directory.appendingPathComponent("mime.types").path
        try """
            # comment
            80:application/x-first:*.dup
            50:application/x-second:*.dup
            50:text/x-note:*.note
            50:application/x-wild:*.a?c
            50:application/x-named:Makefile
            50:text/x-cased:*.C:cs
            """.write(toFile: globs, atomically: false, encoding: .utf8)
        try "application/x-only-in-types xyz\n".write(toFile: types, atomically: false, encoding: .utf8)
        let table = MIMETypes(globFiles: ["/nonexistent/globs2", globs], typeFiles: [types])
        #expect(table.contentType(forExtension: "dup") == "application/x-first")
        #expect(table.contentType(forExtension: "note") == "text/x-note; charset=utf-8")
        #expect(table.contentType(forExtension: "C") == "text/x-cased; charset=utf-8")
        #expect(table.contentType(forExtension: "abc") == nil)
        // A globs2 file exists, so the mime.types file is not read (Go's rule).
        #expect(table.contentType(forExtension: "xyz") == nil)
        #expect(MIMETypes(globFiles: ["/nonexistent/globs2"], typeFiles: [types]).contentType(forExtension: "xyz") == "application/x-only-in-types")
    }
}
