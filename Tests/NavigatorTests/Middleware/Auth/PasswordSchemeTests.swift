import Crypto
import Foundation
import Testing

@testable import Navigator

/// Every htpasswd hash format, checked against hashes the real tools write during this test run.
@Suite struct PasswordSchemeTests {
    /// Passwords that exercise lengths around the algorithms' block sizes and non-ASCII bytes.
    static let passwords = ["secret", "", "a", "correct horse battery staple", "pässwörd€", String(repeating: "x", count: 80)]

    /// Checks that `hash` accepts `password` and refuses close misses.
    /// `significant` = how many leading bytes the scheme reads (bcrypt 72, DES 8): variants that agree on them are
    /// not "wrong" for that scheme.
    static func expectVerifies(
        _ hash: String, _ password: String, significant: Int = .max, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let parsed = HtpasswdHash(hash)
        #expect(parsed.format != "invalid", "\(hash) did not parse", sourceLocation: sourceLocation)
        #expect(parsed.verify(Array(password.utf8)), "\(hash) refused \(password)", sourceLocation: sourceLocation)
        let candidates = [password + "x", "x" + password, String(password.dropLast()), password.uppercased() + "!"]
        for wrong in candidates where Array(wrong.utf8.prefix(significant)) != Array(password.utf8.prefix(significant)) {
            #expect(!parsed.verify(Array(wrong.utf8)), "\(hash) accepted \(wrong)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ["4", "5", "10"])
    func bcryptFromHtpasswdAtSeveralCosts(cost: String) throws {
        let line = try ExternalTool.htpasswd(["-B", "-C", cost], user: "alice", password: "s3cret pw")
        let hash = ExternalTool.hashPart(line)
        #expect(hash.hasPrefix("$2y$\(cost.count == 1 ? "0" + cost : cost)$"))
        let parsed = HtpasswdHash(hash)
        #expect(parsed.format == "bcrypt")
        #expect(parsed.verify(Array("s3cret pw".utf8)))
        #expect(!parsed.verify(Array("s3cret pW".utf8)))
    }

    @Test func bcryptVariantsShareOneAlgorithmForASCII() throws {
        let hash = ExternalTool.hashPart(try ExternalTool.htpasswd(["-B", "-C", "4"], user: "u", password: "pw"))
        let body = hash.dropFirst(4)
        for prefix in ["$2a$", "$2b$", "$2y$", "$2x$"] {
            Self.expectVerifies(prefix + body, "pw")
        }
    }

    @Test func bcryptOfLongAndNonASCIIPasswordsMatchesPython() throws {
        // python3's crypt module uses the system's libxcrypt: an independent bcrypt implementation.
        for password in Self.passwords where !password.isEmpty {
            let hash = try ExternalTool.run(
                ["python3", "-W", "ignore", "-c",
                 "import crypt,sys; print(crypt.crypt(sys.stdin.read(), crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))"],
                input: password)
            #expect(hash.hasPrefix("$2b$04$"))
            Self.expectVerifies(hash, password, significant: 72)
        }
    }

    @Test func bcryptPasswordsAreCutAt72Bytes() throws {
        let long = String(repeating: "p", count: 72)
        let hash = ExternalTool.hashPart(try ExternalTool.htpasswd(["-B", "-C", "4"], user: "u", password: long))
        let parsed = HtpasswdHash(hash)
        #expect(parsed.verify(Array((long + "ignored").utf8)))
        #expect(!parsed.verify(Array(long.dropLast().utf8)))
    }

    @Test func bcrypt2xKeepsTheSignExtensionBug() throws {
        // With only ASCII bytes 2x and 2y agree (bcryptVariantsShareOneAlgorithmForASCII); with a byte ≥ 0x80 a 2y
        // hash relabelled 2x must not verify, because 2x marks hashes made with crypt_blowfish's sign-extension bug.
        let password = "pässword"
        let hash = ExternalTool.hashPart(try ExternalTool.htpasswd(["-B", "-C", "4"], user: "u", password: password))
        #expect(HtpasswdHash(hash).verify(Array(password.utf8)))
        let relabelled = HtpasswdHash("$2x$" + hash.dropFirst(4))
        #expect(relabelled.format == "bcrypt")
        #expect(!relabelled.verify(Array(password.utf8)))
    }

    @Test func aNULInThePasswordNeverMatchesACryptHash() throws {
        let bcrypt = ExternalTool.hashPart(try ExternalTool.htpasswd(["-B", "-C", "4"], user: "u", password: "pw"))
        let sha = try ExternalTool.run(["openssl", "passwd", "-5", "-stdin"], input: "pw")
        for hash in [bcrypt, sha] {
            #expect(HtpasswdHash(hash).verify(Array("pw".utf8)))
            #expect(!HtpasswdHash(hash).verify(Array("pw".utf8) + [0] + Array("x".utf8)))
            #expect(!HtpasswdHash(hash).verify(Array("pw".utf8) + [0]))
        }
    }

    @Test func malformedBcryptNeverMatches() {
        for hash in [
            "$2y$04$short", "$2y$99$" + String(repeating: "a", count: 53), "$2q$04$" + String(repeating: "a", count: 53),
            "$2y$03$" + String(repeating: "a", count: 53), "$2y$04$" + String(repeating: "a", count: 52) + "!",
            "$1$salt$short", "$1$saltsalts$" + String(repeating: "a", count: 22), "$5$salt$" + String(repeating: "a", count: 42),
            "$6$salt$" + String(repeating: "a", count: 43), "$5$rounds=999$salt$" + String(repeating: "a", count: 43),
        ] {
            let parsed = HtpasswdHash(hash)
            #expect(parsed.format == "invalid")
            #expect(!parsed.verify(Array(hash.utf8)))
        }
    }

    @Test func apr1FromHtpasswdAndOpenSSL() throws {
        for password in Self.passwords {
            Self.expectVerifies(ExternalTool.hashPart(try ExternalTool.htpasswd(["-m"], user: "u", password: password)), password)
            if !password.isEmpty {
                Self.expectVerifies(try ExternalTool.run(["openssl", "passwd", "-apr1", "-stdin"], input: password), password)
            }
        }
    }

    @Test func md5CryptFromOpenSSL() throws {
        for password in Self.passwords where !password.isEmpty {
            let hash = try ExternalTool.run(["openssl", "passwd", "-1", "-stdin"], input: password)
            #expect(hash.hasPrefix("$1$"))
            Self.expectVerifies(hash, password)
        }
    }

    @Test func shaCryptFromOpenSSLAndHtpasswd() throws {
        for password in Self.passwords where !password.isEmpty {
            Self.expectVerifies(try ExternalTool.run(["openssl", "passwd", "-5", "-stdin"], input: password), password)
            Self.expectVerifies(try ExternalTool.run(["openssl", "passwd", "-6", "-stdin"], input: password), password)
        }
        Self.expectVerifies(ExternalTool.hashPart(try ExternalTool.htpasswd(["-2"], user: "u", password: "pw256")), "pw256")
        Self.expectVerifies(ExternalTool.hashPart(try ExternalTool.htpasswd(["-5"], user: "u", password: "pw512")), "pw512")
    }

    @Test func shaCryptWithExplicitRounds() throws {
        let sha256 = ExternalTool.hashPart(try ExternalTool.htpasswd(["-2", "-r", "1500"], user: "u", password: "rounds"))
        #expect(sha256.hasPrefix("$5$rounds=1500$"))
        Self.expectVerifies(sha256, "rounds")
        let sha512 = try ExternalTool.run(
            ["python3", "-W", "ignore", "-c", "import crypt; print(crypt.crypt('rounds', '$6$rounds=2000$abcdefgh'))"])
        #expect(sha512.hasPrefix("$6$rounds=2000$"))
        Self.expectVerifies(sha512, "rounds")
        // libxcrypt refuses fewer than 1000 rounds (Drepper's specification raised them to 1000): such a line is
        // invalid and never matches, as is a non-numeric count.
        let low = try ExternalTool.run(
            ["python3", "-W", "ignore", "-c", "import crypt; print(crypt.crypt('low', '$5$rounds=1000$saltsalt'))"])
        #expect(low.hasPrefix("$5$rounds=1000$"))
        Self.expectVerifies(low, "low")
        for changed in [low.replacing("rounds=1000", with: "rounds=10"), low.replacing("rounds=1000", with: "rounds=x")] {
            #expect(HtpasswdHash(changed).format == "invalid")
            #expect(!HtpasswdHash(changed).verify(Array("low".utf8)))
        }
    }

    @Test func shaFromHtpasswd() throws {
        for password in Self.passwords {
            let hash = ExternalTool.hashPart(try ExternalTool.htpasswd(["-s"], user: "u", password: password))
            #expect(hash.hasPrefix("{SHA}"))
            Self.expectVerifies(hash, password)
        }
    }

    @Test func saltedSHABuiltHere() {
        for password in Self.passwords {
            let salt = Array("NaCl\u{1}\u{ff}".utf8)
            let digest = Array(Insecure.SHA1.hash(data: Array(password.utf8) + salt))
            let hash = "{SSHA}" + Data(digest + salt).base64EncodedString()
            Self.expectVerifies(hash, password)
        }
    }

    @Test func desCryptFromHtpasswdAndPython() throws {
        for password in ["secret", "a", "12345678", "pw"] {
            let hash = ExternalTool.hashPart(try ExternalTool.htpasswd(["-d"], user: "u", password: password))
            #expect(hash.count == 13)
            #expect(HtpasswdHash(hash).format == "des-crypt")
            Self.expectVerifies(hash, password, significant: 8)
        }
        let python = try ExternalTool.run(["python3", "-W", "ignore", "-c", "import crypt; print(crypt.crypt('Navigator', 'zZ'))"])
        Self.expectVerifies(python, "Navigator", significant: 8)
        // Only the first 8 bytes count.
        #expect(HtpasswdHash(python).verify(Array("Navigatorrrr".utf8)))
        #expect(HtpasswdHash(python).verify(Array("Navigat-r".utf8)) == false)
    }

    @Test func plainAndPlaintext() throws {
        Self.expectVerifies("{PLAIN}open sesame", "open sesame")
        Self.expectVerifies(ExternalTool.hashPart(try ExternalTool.htpasswd(["-p"], user: "u", password: "plain pw")), "plain pw")
        #expect(HtpasswdHash("{PLAIN}pw").verify(Array("{PLAIN}pw".utf8)) == false)
        // A 13-character crypt-alphabet password that is not a DES hash of anything still works as plaintext.
        Self.expectVerifies("abcdefghijklm", "abcdefghijklm")
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 0]))
        #expect(!ConstantTime.equals([], [0]))
        #expect(ConstantTime.equals([], []))
        // 256 bytes of length difference must not wrap to "equal".
        #expect(!ConstantTime.equals([], [UInt8](repeating: 0, count: 256)))
    }
}
