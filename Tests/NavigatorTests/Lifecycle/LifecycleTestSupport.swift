import Foundation
import NavigatorTestSupport

/// YAML and output helpers for the live lifecycle tests.
enum LifecycleTestSupport {
    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// One hook list entry running `script` with `/bin/sh -c`, indented for `hooks.server.<kind>`.
    static func shHook(_ script: String, timeout: String? = nil, reloadConfig: String? = nil) -> String {
        var text = "      - command: /bin/sh\n        args: [\"-c\", \(quoted(script))]\n"
        if let timeout { text += "        timeout: \(timeout)\n" }
        if let reloadConfig { text += "        reload_config: \(quoted(reloadConfig))\n" }
        return text
    }

    /// A `hooks:` section; `lists` maps a server hook kind to its entries.
    static func hooks(_ lists: KeyValuePairs<String, [String]>) -> String {
        "hooks:\n  server:\n" + lists.map { "    \($0.key):\n" + $0.value.joined() }.joined()
    }

    /// The `pid=` of the first output line containing `marker`.
    static func pid(in output: String, line marker: String) -> Int32? {
        for line in output.split(separator: "\n") where line.contains(marker) {
            guard let range = line.range(of: #"pid=\"?(\d+)"#, options: .regularExpression) else { continue }
            return Int32(line[range].filter(\.isNumber))
        }
        return nil
    }

    /// The text of `name` in `directory`, or "" when it does not exist.
    static func contents(_ directory: URL, _ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
}
