import NavigatorCore
/// The users of an htpasswd file, parsed as Navigator parses it (F6).
struct HtpasswdFile: Sendable {
    /// Hash by user name.
    let users: [String: HtpasswdHash]
    /// Lines that were not blank and had no `:` (skipped).
    let skippedLines: Int

    /// Parses `text`: every line is trimmed, blank lines are skipped, the user is the text before the first `:` and
    /// the hash everything after it; lines without `:` are skipped; a repeated user keeps its last line.
    init(text: String) {
        var users: [String: HtpasswdHash] = [:]
        var skipped = 0
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                skipped += 1
                continue
            }
            users[String(line[..<colon])] = HtpasswdHash(String(line[line.index(after: colon)...]))
        }
        self.users = users
        self.skippedLines = skipped
    }
}
