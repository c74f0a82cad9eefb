import Testing

@testable import Navigator

/// F6's file parsing rules.
@Suite struct HtpasswdFileTests {
    @Test func parsesLinesAsNavigatorDoes() {
        let file = HtpasswdFile(text: """
              alice:{PLAIN}one\t
            # a comment line without a colon is skipped

            no-colon-here
            bob:{PLAIN}two:with:colons
            alice:{PLAIN}three
            carol:\r
            dave:$2y$04$broken
            """)
        #expect(Set(file.users.keys) == ["alice", "bob", "carol", "dave"])
        #expect(file.skippedLines == 2)
        // The last line for a user wins.
        #expect(file.users["alice"]!.verify(Array("three".utf8)))
        #expect(!file.users["alice"]!.verify(Array("one".utf8)))
        // Everything after the first colon is the hash.
        #expect(file.users["bob"]!.verify(Array("two:with:colons".utf8)))
        // An empty hash is an empty plaintext password.
        #expect(file.users["carol"]!.verify([]))
        #expect(file.users["dave"]!.format == "invalid")
    }

    @Test func crlfFilesParse() {
        let file = HtpasswdFile(text: "a:{PLAIN}x\r\nb:{PLAIN}y\r\n")
        #expect(file.users["a"]!.verify(Array("x".utf8)))
        #expect(file.users["b"]!.verify(Array("y".utf8)))
    }

    @Test func basicCredentialsParsing() {
        #expect(BasicCredentials(authorization: "Basic YWxpY2U6c2VjcmV0") == BasicCredentials(user: "alice", password: "secret"))
        #expect(BasicCredentials(authorization: "bAsIc YWxpY2U6c2VjcmV0")?.user == "alice")
        // " alice :pw " → the user is trimmed, the password is not.
        let padded = BasicCredentials(authorization: "Basic IGFsaWNlIDogcHcg")
        #expect(padded?.user == "alice")
        #expect(padded?.password == Array(" pw ".utf8))
        #expect(BasicCredentials(authorization: "Bearer abc") == nil)
        #expect(BasicCredentials(authorization: "Basic !!!") == nil)
        #expect(BasicCredentials(authorization: "Basic YWxpY2U=") == nil)
        #expect(BasicCredentials(authorization: nil) == nil)
    }
}

extension BasicCredentials {
    /// Builds credentials directly (tests).
    init(user: String, password: String) {
        let encoded = Array("\(user):\(password)".utf8)
        self.init(authorization: "Basic " + Base64Text.encode(encoded))!
    }
}

/// Standard base 64 for test headers.
enum Base64Text {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (chunk.count > 1 ? UInt32(chunk[1]) << 8 : 0) | (chunk.count > 2 ? UInt32(chunk[2]) : 0)
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> UInt32(18 - position * 6)) & 0x3F)])
                } else {
                    output.append("=")
                }
            }
            index += 3
        }
        return output
    }

    /// `Basic …` for `user:password`.
    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + encode(Array("\(user):\(password)".utf8))
    }
}
