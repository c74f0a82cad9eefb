import Foundation
import Testing
@testable import NavigatorConfig

/// The catalogue, the walker, the docs and the sample must agree.
@Suite struct KeyCatalogueTests {
    /// Catalogue paths without a trailing `[]`, as the walker records them.
    var cataloguePaths: Set<String> {
        Set(KeyCatalogue.entries.map { $0.path.hasSuffix("[]") ? String($0.path.dropLast(2)) : $0.path })
    }

    /// A flow-style YAML document that opens every catalogued mapping and list (one empty item per list), so the
    /// walker asks for every key it knows.
    func skeleton(_ parent: String = "") -> String {
        let children = KeyCatalogue.entries.filter { entry in
            let prefix = parent.isEmpty ? "" : parent + "."
            guard entry.path.hasPrefix(prefix) else { return false }
            let rest = entry.path.dropFirst(prefix.count)
            let name = rest.hasSuffix("[]") ? rest.dropLast(2) : rest
            return !name.contains(".") && !name.contains("[")
        }
        let parts: [String] = children.compactMap { entry in
            let hasChildren = KeyCatalogue.entries.contains { $0.path.hasPrefix(entry.path + ".") }
            guard hasChildren else { return nil }
            let inner = skeleton(entry.path)
            return entry.path.hasSuffix("[]") ? "\(entry.name): [\(inner)]" : "\(entry.name): \(inner)"
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    @Test func walkerReadsExactlyTheCataloguedKeys() {
        let result = ConfigLoader.run(yaml: skeleton(), file: "skeleton.yml", environment: [:], workingDirectory: "/x")
        #expect(result.configuration != nil)
        #expect(cataloguePaths.subtracting(result.readKeys).sorted() == [])
        #expect(result.readKeys.subtracting(cataloguePaths).sorted() == [])
    }

    @Test func pathsAreUnique() {
        let paths = KeyCatalogue.entries.map(\.path)
        #expect(Set(paths).count == paths.count)
    }

    @Test func everyKeyIsDocumented() throws {
        let docs = try String(contentsOfFile: Fixture.repoRoot + "/docs/CONFIGURATION.md", encoding: .utf8)
        let missing = KeyCatalogue.entries.filter { !docs.contains("`\($0.path)`") }.map(\.path)
        #expect(missing == [])
    }

    @Test func everyKeyIsInTheSample() throws {
        let sample = try String(contentsOfFile: Fixture.repoRoot + "/navigator.yml.sample", encoding: .utf8)
        // Uncomment the reference block (`# key: …`), drop prose (`## …`), then recover each line's key path.
        let uncommented = sample.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("##") ? "" : line.hasPrefix("# ") ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
        let lineCount = uncommented.split(separator: "\n", omittingEmptySubsequences: false).count
        let found = Set((1...lineCount).map { line in
            KeyPathGuesser.keyPath(line: line, in: uncommented).replacing(/\[\d+\]/, with: "[]")
        }.map { $0.hasSuffix("[]") ? String($0.dropLast(2)) : $0 })
        #expect(cataloguePaths.subtracting(found).sorted() == [])
    }

    @Test func childNamesDescribeOneLevel() {
        #expect(KeyCatalogue.childNames(of: "auth") == ["enabled", "realm", "htpasswd", "public_paths", "auth_patterns"])
        #expect(KeyCatalogue.childNames(of: "").contains("managed_processes"))
        #expect(KeyCatalogue.childNames(of: "routes.redirects[]") == ["from", "to"])
    }
}
