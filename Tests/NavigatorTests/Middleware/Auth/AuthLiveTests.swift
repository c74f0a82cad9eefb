import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NavigatorTestSupport
import Testing

/// htpasswd auth through the real binary and YAML: a file made by Apache's `htpasswd`, public paths, an
/// `auth_patterns` realm, encoded bypass attempts, and a reload that swaps the password file.
@Suite struct AuthLiveTests {
    /// A site with `secret.html`, `assets/app.css` and `reports/q1.html` and its config.
    static func site() throws -> (directory: URL, config: String) {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let files = FileManager.default
        for path in ["public/assets", "public/reports"] {
            try files.createDirectory(at: directory.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        try "top secret".write(to: directory.appendingPathComponent("public/secret.html"), atomically: true, encoding: .utf8)
        try "body{}".write(to: directory.appendingPathComponent("public/assets/app.css"), atomically: true, encoding: .utf8)
        try "q1".write(to: directory.appendingPathComponent("public/reports/q1.html"), atomically: true, encoding: .utf8)
        let htpasswd = directory.appendingPathComponent("users.htpasswd").path
        _ = try ExternalTool.run(["htpasswd", "-c", "-b", "-B", "-C", "5", htpasswd, "alice", "wonderland"])
        _ = try ExternalTool.run(["htpasswd", "-b", "-m", htpasswd, "bob", "builder"])
        let config = """
            server:
              listen: "127.0.0.1:0"
              static:
                public_dir: public
            auth:
              enabled: true
              realm: Members
              htpasswd: users.htpasswd
              public_paths:
                - /assets/
              auth_patterns:
                - pattern: ^/reports/
                  action: Finance
            """
        return (directory, config)
    }

    /// GET `path` with optional Basic credentials.
    static func get(_ navigator: LiveNavigator, _ path: String, user: String? = nil) async throws -> (status: Int, challenge: String?) {
        var request = HTTPClientRequest(url: navigator.url(path))
        if let user {
            request.headers.add(name: "Authorization", value: "Basic " + Data(user.utf8).base64EncodedString())
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "WWW-Authenticate"))
    }

    @Test func theBinaryProtectsTheSiteAsConfigured() async throws {
        let (directory, config) = try Self.site()
        let navigator = try await LiveNavigator.start(config: config, directory: directory)
        do {
            let anonymous = try await Self.get(navigator, "/secret.html")
            #expect(anonymous.status == 401)
            #expect(anonymous.challenge == #"Basic realm="Members""#)
            #expect(try await Self.get(navigator, "/secret.html", user: "alice:wonderland").status == 200)
            #expect(try await Self.get(navigator, "/secret.html", user: "bob:builder").status == 200)
            #expect(try await Self.get(navigator, "/secret.html", user: "alice:wrong").status == 401)
            #expect(try await Self.get(navigator, "/assets/app.css").status == 200)
            #expect(try await Self.get(navigator, "/reports/q1.html").challenge == #"Basic realm="Finance""#)
            for bypass in ["/assets/..%2Fsecret.html", "/assets%2F..%2Fsecret.html", "/assets/%2e%2e/secret.html",
                           "/assets//../secret.html", "/assets-private/../secret.html"] {
                let status = try await Self.get(navigator, bypass).status
                #expect(status == 401 || status == 400 || status == 404, "\(bypass) answered \(status)")
            }
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func aReloadPointingAtAnotherPasswordFileSwapsTheUsers() async throws {
        let (directory, config) = try Self.site()
        let navigator = try await LiveNavigator.start(config: config, directory: directory)
        do {
            let other = directory.appendingPathComponent("other.htpasswd").path
            _ = try ExternalTool.run(["htpasswd", "-c", "-b", "-s", other, "carol", "singer"])
            try config.replacingOccurrences(of: "users.htpasswd", with: "other.htpasswd")
                .write(to: directory.appendingPathComponent("navigator.yml"), atomically: true, encoding: .utf8)
            navigator.send(signal: SIGHUP)
            try await navigator.waitForOutput("Configuration reloaded successfully")
            #expect(try await Self.get(navigator, "/secret.html", user: "carol:singer").status == 200)
            #expect(try await Self.get(navigator, "/secret.html", user: "alice:wonderland").status == 401)
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }

    @Test func aUserAppendedToTheFileIsAcceptedOnTheFirstTry() async throws {
        let (directory, config) = try Self.site()
        let navigator = try await LiveNavigator.start(config: config, directory: directory)
        do {
            let htpasswd = directory.appendingPathComponent("users.htpasswd").path
            // Two users, more than the one-second miss-check interval apart; each is tried once, right away.
            for (user, password) in [("dave", "diver"), ("erin", "engineer")] {
                try await Task.sleep(for: .milliseconds(1100))
                _ = try ExternalTool.run(["htpasswd", "-b", "-m", htpasswd, user, password])
                #expect(try await Self.get(navigator, "/secret.html", user: "\(user):\(password)").status == 200)
                #expect(try await Self.get(navigator, "/secret.html", user: "\(user):wrong").status == 401)
            }
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
