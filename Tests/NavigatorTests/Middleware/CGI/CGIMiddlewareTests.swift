import Foundation
import HTTPTypes
import NIOCore
import NavigatorConfig
import NavigatorCore
import NavigatorTestSupport
import Synchronization
import Testing

@testable import Navigator

/// F16 + D18 + D30 with real shell and Python scripts written to a temporary directory.
@Suite struct CGIMiddlewareTests {
    /// A directory of scripts.
    final class Scripts: Sendable {
        let directory = FileManager.default.temporaryDirectory.path + "/navigator-cgi-" + UUID().uuidString
        let log = LineCollector()

        init() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// Writes an executable script and returns its absolute path.
        func script(_ name: String, _ text: String, executable: Bool = true) throws -> String {
            let path = directory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
            return path
        }

        /// The full pipeline with `specs` (and optionally auth).
        func app(
            _ specs: [CGIScriptSpec], auth: AuthSettings = AuthSettings(), rules: [RouteRule] = [],
            services: PipelineServices? = nil
        ) throws -> TestApp {
            var configuration = NavigatorConfiguration()
            configuration.server.cgiScripts = specs
            configuration.auth = auth
            configuration.routes.rules = rules
            return try TestApplication.make(configuration: configuration, services: services ?? TestApplication.services(accessLog: log))
        }
    }

    /// Parses `KEY=value` lines.
    static func environment(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    static let envScript = "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\nenv\necho \"CWD=$(pwd)\"\n"

    @Test func rfc3875EnvironmentOverARealSocket() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("env.sh", Self.envScript)
        let spec = CGIScriptSpec(path: "/cgi/env", script: path, env: [EnvironmentEntry("GREETING", "hello"), EnvironmentEntry("REMOTE_ADDR", "spoofed")])
        try await scripts.app([spec]).test(.live) { client in
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .init("X-Multi")!: "a"]
            headers.append(HTTPField(name: .init("X-Multi")!, value: "b"))
            headers.append(HTTPField(name: .init("Proxy")!, value: "http://evil.example"))
            let response = try await client.execute(
                uri: "/cgi/env?a=1&b=%20x", method: .post, headers: headers, body: ByteBuffer(string: "k=v"))
            #expect(response.status == .ok)
            #expect(response.header("Content-Type") == "text/plain")
            let env = Self.environment(response.text)
            #expect(env["GATEWAY_INTERFACE"] == "CGI/1.1")
            #expect(env["SERVER_PROTOCOL"] == "HTTP/1.1")
            #expect(env["SERVER_SOFTWARE"] == "Navigator")
            #expect(env["REQUEST_METHOD"] == "POST")
            #expect(env["QUERY_STRING"] == "a=1&b=%20x")
            #expect(env["SCRIPT_NAME"] == "/cgi/env")
            #expect(env["PATH_INFO"] == "")
            #expect(env["REMOTE_ADDR"] == "127.0.0.1")
            #expect(env["REMOTE_PORT"].flatMap(Int.init) != nil)
            #expect(env["SERVER_NAME"] == "localhost" || env["SERVER_NAME"] == "127.0.0.1")
            #expect(env["CONTENT_TYPE"] == "application/x-www-form-urlencoded")
            #expect(env["CONTENT_LENGTH"] == "3")
            #expect(env["HTTP_X_MULTI"] == "a, b")
            #expect(env["HTTP_PROXY"] == nil)
            #expect(env["HTTP_CONTENT_TYPE"] == nil)
            #expect(env["GREETING"] == "hello")
            #expect(env["PATH"] != nil)
            #expect(env["CWD"] == scripts.directory)
            #expect(env["REMOTE_USER"] == nil)
        }
        let line = try #require(try scripts.log.lines.map(LoggedLine.init).last)
        #expect(line.string("response_type") == "cgi")
        #expect(line.int("status") == 200)
    }

    @Test func bodyStreamsToStdinOfAPythonScript() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("echo.py", """
            #!/usr/bin/env python3
            import sys, hashlib
            data = sys.stdin.buffer.read()
            sys.stdout.write("Content-Type: text/plain\\r\\n\\r\\n")
            sys.stdout.write("%d %s" % (len(data), hashlib.sha256(data).hexdigest()))
            """)
        let payload = ByteBuffer(bytes: (0..<(3 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let expected = try ExternalTool.run(["python3", "-c", "import hashlib,sys; d=bytes((i*7)&255 for i in range(3*1024*1024)); print(len(d), hashlib.sha256(d).hexdigest())"])
        try await scripts.app([CGIScriptSpec(path: "/upload", script: path, method: "POST")]).test(.live) { client in
            let response = try await client.execute(uri: "/upload", method: .post, body: payload)
            #expect(response.status == .ok)
            #expect(response.text == expected)
        }
    }

    @Test func statusHeaderAndRepeatedHeadersAreKept() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("status.sh", """
            #!/bin/sh
            printf 'Status: 418 I am a teapot\\r\\n'
            printf 'Set-Cookie: a=1\\r\\n'
            printf 'Set-Cookie: b=2\\r\\n'
            printf 'X-Ignored-Line-Without-Colon\\r\\n'
            printf 'Content-Type: text/x-tea\\r\\n\\r\\n'
            printf 'short and stout'
            """)
        try await scripts.app([CGIScriptSpec(path: "/tea", script: path)]).test(.router) { client in
            let response = try await client.execute(uri: "/tea", method: .get)
            #expect(response.status.code == 418)
            #expect(response.headers[values: .setCookie] == ["a=1", "b=2"])
            #expect(response.header("Content-Type") == "text/x-tea")
            #expect(response.text == "short and stout")
        }
    }

    @Test func aLoneAbsoluteLocationRedirects() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("go.sh", "#!/bin/sh\nprintf 'Location: https://example.com/next\\n\\n'\n")
        try await scripts.app([CGIScriptSpec(path: "/go", script: path)]).test(.router) { client in
            let response = try await client.execute(uri: "/go", method: .get)
            #expect(response.status == .found)
            #expect(response.header("Location") == "https://example.com/next")
        }
    }

    @Test func exactPathAndMethodElseFallThrough() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("hi.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhi'\n")
        try await scripts.app([CGIScriptSpec(path: "/hi", script: path, method: "POST")]).test(.router) { client in
            let post = try await client.execute(uri: "/hi", method: .post)
            #expect(post.text == "hi")
            for (uri, method) in [("/hi", HTTPRequest.Method.get), ("/hi/", .post), ("/hi2", .post), ("/HI", .post)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .notFound, "\(method) \(uri)")
            }
        }
    }

    @Test func theLastEntryForAPathWins() async throws {
        let scripts = try Scripts()
        let first = try scripts.script("one.sh", "#!/bin/sh\nprintf '\\none'\n")
        let second = try scripts.script("two.sh", "#!/bin/sh\nprintf '\\ntwo'\n")
        try await scripts.app([CGIScriptSpec(path: "/x", script: first), CGIScriptSpec(path: "/x", script: second)]).test(.router) { client in
            let response = try await client.execute(uri: "/x", method: .get)
            #expect(response.text == "two")
        }
    }

    @Test func rewritesReachScripts() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("hi.sh", "#!/bin/sh\nprintf '\\nrewritten'\n")
        let rule = RouteRule(pattern: try PathPattern("^/old$"), replacement: "/new", kind: .rewrite)
        try await scripts.app([CGIScriptSpec(path: "/new", script: path)], rules: [rule]).test(.router) { client in
            let response = try await client.execute(uri: "/old", method: .get)
            #expect(response.text == "rewritten")
        }
    }

    @Test func aTimeoutKillsTheScriptAndAnswers504() async throws {
        let scripts = try Scripts()
        let marker = scripts.directory + "/survived"
        let path = try scripts.script("slow.sh", "#!/bin/sh\nsleep 3\ntouch '\(marker)'\nprintf '\\nlate'\n")
        let spec = CGIScriptSpec(path: "/slow", script: path, timeout: .milliseconds(300))
        try await scripts.app([spec]).test(.router) { client in
            let response = try await client.execute(uri: "/slow", method: .get)
            #expect(response.status == .gatewayTimeout)
            #expect(response.text == "Gateway Timeout\n")
        }
        try await Task.sleep(for: .seconds(3.5))
        // The whole process group was killed, including the `sleep` child.
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aScriptThatCannotRunIs500() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("broken.sh", "#!/bin/sh\necho hi\n")
        try await scripts.app([CGIScriptSpec(path: "/broken", script: path)]).test(.router) { client in
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let response = try await client.execute(uri: "/broken", method: .get)
            #expect(response.status == .internalServerError)
            #expect(response.text == "Internal Server Error\n")
        }
    }

    @Test func emptyOutputIs200AfterSuccessAnd502AfterFailure() async throws {
        let scripts = try Scripts()
        let quiet = try scripts.script("quiet.sh", "#!/bin/sh\nexit 0\n")
        let failing = try scripts.script("fail.sh", "#!/bin/sh\nexit 3\n")
        try await scripts.app([CGIScriptSpec(path: "/quiet", script: quiet), CGIScriptSpec(path: "/fail", script: failing)]).test(.router) { client in
            let ok = try await client.execute(uri: "/quiet", method: .get)
            #expect(ok.status == .ok)
            #expect(ok.body.readableBytes == 0)
            let bad = try await client.execute(uri: "/fail", method: .get)
            #expect(bad.status == .badGateway)
        }
    }

    @Test func allowedUsersNeedVerifiedCredentials() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("who.sh", "#!/bin/sh\nprintf '\\n%s %s' \"$REMOTE_USER\" \"$AUTH_TYPE\"\n")
        let htpasswd = scripts.directory + "/htpasswd"
        try "admin:{PLAIN}root-pw\nguest:{PLAIN}guest-pw\n".write(toFile: htpasswd, atomically: true, encoding: .utf8)
        // /admin is public for the auth stage, so the CGI stage must check the password itself.
        let auth = AuthSettings(enforced: true, htpasswdPath: htpasswd, publicPaths: ["/admin"])
        try await scripts.app([CGIScriptSpec(path: "/admin", script: path, allowedUsers: ["admin"])], auth: auth).test(.router) { client in
            let anonymous = try await client.execute(uri: "/admin", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.header("WWW-Authenticate") == nil)
            #expect(anonymous.text == "Unauthorized\n")
            let forged = try await client.execute(uri: "/admin", method: .get, headers: [.authorization: Base64Text.basic("admin", "wrong")])
            #expect(forged.status == .unauthorized)
            let guest = try await client.execute(uri: "/admin", method: .get, headers: [.authorization: Base64Text.basic("guest", "guest-pw")])
            #expect(guest.status == .forbidden)
            #expect(guest.text == "Forbidden\n")
            let admin = try await client.execute(uri: "/admin", method: .get, headers: [.authorization: Base64Text.basic("admin", "root-pw")])
            #expect(admin.status == .ok)
            #expect(admin.text == "admin Basic")
        }
    }

    @Test func allowedUsersWithoutAuthAdmitsNobody() async throws {
        let scripts = try Scripts()
        let path = try scripts.script("who.sh", "#!/bin/sh\nprintf '\\nin'\n")
        try await scripts.app([CGIScriptSpec(path: "/a", script: path, allowedUsers: ["admin"])]).test(.router) { client in
            let claimed = try await client.execute(uri: "/a", method: .get, headers: [.authorization: Base64Text.basic("admin", "anything")])
            #expect(claimed.status == .unauthorized)
        }
    }

    @Test func runsAsTheConfiguredUserAndGroup() async throws {
        let scripts = try Scripts()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scripts.directory)
        let path = try scripts.script("id.sh", "#!/bin/sh\nprintf '\\n%s:%s' \"$(id -u)\" \"$(id -g)\"\n")
        let nobody = try ExternalTool.run(["id", "-u", "nobody"])
        let nogroup = try ExternalTool.run(["getent", "group", "nogroup"]).split(separator: ":")[2]
        let root = try ExternalTool.run(["id", "-u"])
        try #require(root == "0", "user switching needs root")
        let specs = [
            CGIScriptSpec(path: "/as-nobody", script: path, user: "nobody", group: "nogroup"),
            CGIScriptSpec(path: "/as-root", script: path),
            CGIScriptSpec(path: "/as-ghost", script: path, user: "no-such-user-here"),
        ]
        try await scripts.app(specs).test(.router) { client in
            let switched = try await client.execute(uri: "/as-nobody", method: .get)
            #expect(switched.text == "\(nobody):\(nogroup)")
            let same = try await client.execute(uri: "/as-root", method: .get)
            #expect(same.text == "0:0")
            let unknown = try await client.execute(uri: "/as-ghost", method: .get)
            #expect(unknown.status == .internalServerError)
        }
    }

    @Test func reloadConfigIsRequestedAfterASuccessfulRunOnly() async throws {
        let scripts = try Scripts()
        let good = try scripts.script("good.sh", "#!/bin/sh\nprintf '\\ndone'\n")
        let bad = try scripts.script("bad.sh", "#!/bin/sh\nprintf '\\nfailed'\nexit 1\n")
        let requests = Mutex<[String]>([])
        let services = TestApplication.services(accessLog: scripts.log)
        services.reloadHook.install { path in requests.withLock { $0.append(path) } }
        let specs = [
            CGIScriptSpec(path: "/good", script: good, reloadConfig: "/etc/navigator-next.yml"),
            CGIScriptSpec(path: "/bad", script: bad, reloadConfig: "/etc/navigator-bad.yml"),
        ]
        try await scripts.app(specs, services: services).test(.router) { client in
            let failed = try await client.execute(uri: "/bad", method: .get)
            #expect(failed.text == "failed")
            let done = try await client.execute(uri: "/good", method: .get)
            #expect(done.text == "done")
        }
        #expect(requests.withLock { $0 } == ["/etc/navigator-next.yml"])
    }

    @Test func headParsing() {
        #expect(CGIResponseHead.bodyStart(in: Array("A: b\n\nbody".utf8)) == 6)
        #expect(CGIResponseHead.bodyStart(in: Array("A: b\r\n\r\nbody".utf8)) == 8)
        #expect(CGIResponseHead.bodyStart(in: Array("A: b\r\n".utf8)) == nil)
        #expect(CGIResponseHead.bodyStart(in: Array("\nbody".utf8)) == 1)
        let head = CGIResponseHead(parsing: Array("Status: 201 Created\nX-A: 1\nX-A: 2\njunk\nLocation: /rel\n".utf8)[...])
        #expect(head.status == 201)
        #expect(head.headers.map(\.name) == ["X-A", "X-A", "Location"])
        #expect(CGIResponseHead(parsing: Array("Location: /relative\n".utf8)[...]).status == 200)
        #expect(CGIResponseHead(parsing: Array("Status: banana\n".utf8)[...]).status == 200)
        #expect(CGIResponseHead(parsing: Array("Transfer-Encoding: chunked\nX: y\n".utf8)[...]).fields.count == 1)
    }
}
