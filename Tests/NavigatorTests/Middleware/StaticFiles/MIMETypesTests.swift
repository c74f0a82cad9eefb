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
        let types = MIMETypes(systemFile: path)
        #expect(types.contentType(forExtension: "cust") == "application/x-custom")
        #expect(types.contentType(forExtension: "cst") == "application/x-custom")
        #expect(types.contentType(forExtension: "sx") == "text/x-special; charset=utf-8")
        #expect(types.contentType(forExtension: "js") == "text/javascript; charset=utf-8")
        #expect(types.contentType(forExtension: "JS") == "text/javascript; charset=utf-8")
        #expect(types.contentType(forExtension: "nothing") == "application/octet-stream")
        #expect(MIMETypes(systemFile: "/nonexistent").contentType(forExtension: "cust") == "application/octet-stream")
    }
}
