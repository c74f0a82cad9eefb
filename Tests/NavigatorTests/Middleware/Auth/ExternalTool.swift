import Foundation
import Testing

/// Runs real command-line tools (Apache's `htpasswd`, `openssl`, `python3`) that produce reference hashes during the
/// test run. A missing tool is a test failure, never a skip.
enum ExternalTool {
    /// A tool run that failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments[0]` (looked up in `PATH`) and returns its standard output, trimmed of the final newline.
    static func run(_ arguments: [String], input: String? = nil) throws -> String {
        guard let executable = find(arguments[0]) else {
            throw Failure(description: "`\(arguments[0])` is not installed (scripts/test.sh installs apache2-utils, openssl, python3)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(errorText)")
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The absolute path of `name` in `PATH`.
    static func find(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// One `user:hash` line from `htpasswd -nb <flags> user password`.
    static func htpasswd(_ flags: [String], user: String, password: String) throws -> String {
        try run(["htpasswd", "-nb"] + flags + [user, password])
    }

    /// The hash part of an `htpasswd` line.
    static func hashPart(_ line: String) -> String {
        String(line[line.index(after: line.firstIndex(of: ":")!)...])
    }
}
