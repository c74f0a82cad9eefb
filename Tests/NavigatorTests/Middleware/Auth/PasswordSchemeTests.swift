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
        let parsed = try #require(BCrypt(hash))
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
        let parsed = try #require(BCrypt(hash))
        #expect(parsed.verify(Array((long + "ignored").utf8)))
        #expect(!parsed.verify(Array(long.dropLast().utf8)))
    }

    @Test func bcrypt2xReproducesTheSignExtensionBug() throws {
        // With only ASCII bytes 2x and 2b agree; with a byte ≥ 0x80 they must not.
        let salt = Array(0..<16).map(UInt8.init)
        let password = Array("pässword".utf8)
        let correct = BCrypt.hash(password: password, salt: salt, cost: 4)
        let buggy = BCrypt.hash(password: password, salt: salt, cost: 4, signExtend: true)
        #expect(correct != buggy)
        let ascii = Array("password".utf8)
        #expect(BCrypt.hash(password: ascii, salt: salt, cost: 4) == BCrypt.hash(password: ascii, salt: salt, cost: 4, signExtend: true))
    }

    @Test func malformedBcryptNeverMatches() {
        for hash in ["$2y$04$short", "$2y$99$" + String(repeating: "a", count: 53), "$2q$04$" + String(repeating: "a", count: 53)] {
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
        // Fewer than 1000 rounds are raised to 1000, as Drepper's specification says.
        let low = try ExternalTool.run(
            ["python3", "-W", "ignore", "-c", "import crypt; print(crypt.crypt('low', '$5$rounds=1000$saltsalt'))"])
        #expect(low.hasPrefix("$5$rounds=1000$"))
        Self.expectVerifies(low.replacing("rounds=1000", with: "rounds=10"), "low")
        #expect(SHACrypt(low.replacing("rounds=1000", with: "rounds=10"))?.rounds == 1000)
        #expect(SHACrypt(low.replacing("rounds=1000", with: "rounds=x")) == nil)
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

    @Test func desKnownAnswer() {
        // The classic worked example: key 133457799BBCDFF1, plaintext 0123456789ABCDEF → 85E813540F0AB405.
        func bits(_ value: UInt64) -> [UInt8] { (0..<64).map { UInt8((value >> UInt64(63 - $0)) & 1) } }
        let keys = DESCrypt.keySchedule(bits(0x1334_5779_9BBC_DFF1))
        let cipher = DESCrypt.encrypt(bits(0x0123_4567_89AB_CDEF), roundKeys: keys, expansion: DESTables.expansion)
        #expect(cipher == bits(0x85E8_1354_0F0A_B405))
    }

    @Test func desSBoxRowsArePermutations() {
        for box in DESTables.sBoxes {
            for row in 0..<4 {
                #expect(Set(box[(row * 16)..<(row * 16 + 16)]) == Set(0..<16))
            }
        }
    }

    @Test func blowfishStartsWithTheDigitsOfPi() {
        #expect(BlowfishPi.words.count == 18 + 1024)
        #expect(BlowfishPi.words.prefix(3) == [0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E])
        #expect(BlowfishPi.words.last == 0x3AC3_72E6)
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
