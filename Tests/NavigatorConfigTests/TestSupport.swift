import Foundation
@testable import NavigatorConfig

/// Helpers shared by the configuration tests.
enum Fixture {
    /// The repository root, found from this file's path.
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// Loads YAML with a fixed environment and working directory.
    static func load(_ yaml: String, env: [String: String] = [:], wd: String = "/srv/app") throws(ConfigError)
        -> NavigatorConfiguration {
        try ConfigLoader.load(yaml: yaml, file: "test.yml", environment: env, workingDirectory: wd)
    }

    /// The error for YAML that must not load.
    static func error(_ yaml: String, env: [String: String] = [:], wd: String = "/srv/app") -> ConfigError? {
        do {
            _ = try load(yaml, env: env, wd: wd)
            return nil
        } catch {
            return error
        }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "navcfg-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `path` with POSIX permissions `mode`.
    static func write(_ text: String, to path: String, mode: Int = 0o644) {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
    }
}
