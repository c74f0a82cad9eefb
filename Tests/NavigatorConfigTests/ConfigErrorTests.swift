import Foundation
import Testing
@testable import NavigatorConfig

/// Every class of fatal error names the line, the key path and what was expected (D24).
@Suite struct ConfigErrorTests {
    /// Asserts exactly one diagnostic at `line` for `keyPath` whose message contains `text`.
    func expectError(_ yaml: String, line: Int, keyPath: String, contains text: String, wd: String = "/srv/app",
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let error = Fixture.error(yaml, wd: wd) else {
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return
        }
        let match = error.diagnostics.first { $0.keyPath == keyPath && $0.location.line == line }
        #expect(match != nil, "no diagnostic at line \(line) for \(keyPath): \(error)", sourceLocation: sourceLocation)
        #expect(match?.message.contains(text) == true, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains("test.yml:\(line):"), sourceLocation: sourceLocation)
    }

    @Test func yamlSyntax() {
        expectError("server:\n  listen: 3000\n  static: [a, b\n", line: 4, keyPath: "server.static",
                    contains: "invalid YAML")
    }

    @Test func duplicateKeys() {
        expectError("cable:\n  path: /a\n  path: /b\n", line: 2, keyPath: "cable.path", contains: "duplicate key `path`")
    }

    @Test func wrongTypes() {
        expectError("routes:\n  rewrites:\n    - pattern: ^/a\n      redirect: true\n      status: \"307\"\n",
                    line: 5, keyPath: "routes.rewrites[0].status", contains: "expected an integer")
        expectError("applications:\n  - path: /a/\n", line: 2, keyPath: "applications", contains: "expected a mapping")
        expectError("cable:\n  enabled: maybe\n", line: 2, keyPath: "cable.enabled", contains: "expected a boolean")
        expectError("server:\n  static:\n    try_files: index.html\n", line: 3, keyPath: "server.static.try_files",
                    contains: "expected a sequence")
    }

    @Test func invalidRegexNamesTheEngineError() {
        expectError("routes:\n  redirects:\n    - from: ^/(unclosed\n      to: /x\n", line: 3,
                    keyPath: "routes.redirects[0].from", contains: "invalid regular expression `^/(unclosed`")
    }

    @Test func emptyRegexesAreRejected() {
        expectError("routes:\n  redirects:\n    - to: /x\n", line: 3, keyPath: "routes.redirects[0].from",
                    contains: "non-empty regular expression")
        expectError("routes:\n  rewrites:\n    - pattern: \"\"\n      replacement: /x\n", line: 3,
                    keyPath: "routes.rewrites[0].pattern", contains: "non-empty regular expression")
        expectError("routes:\n  fly:\n    replay:\n      - app: other\n", line: 4, keyPath: "routes.fly.replay[0].path",
                    contains: "non-empty regular expression")
    }

    @Test func durations() {
        expectError("applications:\n  pools:\n    timeout: 30\n", line: 3, keyPath: "applications.pools.timeout",
                    contains: "a duration such as 30s")
        expectError("server:\n  idle:\n    action: stop\n    timeout: 1d12h\n", line: 4, keyPath: "server.idle.timeout",
                    contains: "found `1d12h`")
        expectError("hooks:\n  server:\n    start:\n      - command: x\n        timeout: -5s\n", line: 5,
                    keyPath: "hooks.server.start[0].timeout", contains: "must not be negative")
    }

    @Test func sizes() {
        expectError("applications:\n  pools:\n    default_memory_limit: lots\n", line: 3,
                    keyPath: "applications.pools.default_memory_limit", contains: "a size such as 512M")
        expectError("server:\n  limits:\n    max_body_size: 1Q\n", line: 3, keyPath: "server.limits.max_body_size",
                    contains: "a size")
    }

    @Test func tenants() {
        expectError("applications:\n  tenants:\n    - path: /a\n    - path: /a/\n", line: 4,
                    keyPath: "applications.tenants[1].path", contains: "duplicate tenant path `/a/` (first defined at line 3)")
        expectError("applications:\n  tenants:\n    - path: a/\n", line: 3, keyPath: "applications.tenants[0].path",
                    contains: "must start with `/`")
        expectError("applications:\n  tenants:\n    - root: /x\n", line: 3, keyPath: "applications.tenants[0].path",
                    contains: "`path` is required")
    }

    @Test func managedProcesses() {
        expectError("managed_processes:\n  - name: redis\n    command: redis-server\n  - name: redis\n    command: x\n",
                    line: 4, keyPath: "managed_processes[1].name", contains: "duplicate managed process name `redis`")
    }

    @Test func ports() {
        expectError("server:\n  listen: 70000\n", line: 2, keyPath: "server.listen", contains: "out of range")
        expectError("server:\n  listen: \"localhost\"\n", line: 2, keyPath: "server.listen", contains: "host:port")
        expectError("applications:\n  pools:\n    start_port: 65500\n", line: 3, keyPath: "applications.pools.start_port",
                    contains: "start_port+100 must fit")
    }

    @Test func htpasswdMustExistWhenEnforced() throws {
        expectError("auth:\n  enabled: true\n  htpasswd: missing.htpasswd\n", line: 3, keyPath: "auth.htpasswd",
                    contains: "does not exist")
        // Not enforced (realm off): the file is not needed.
        let config = try Fixture.load("auth:\n  enabled: true\n  realm: \"off\"\n  htpasswd: missing.htpasswd\n")
        #expect(!config.auth.enforced)
    }

    @Test func enumerations() {
        expectError("server:\n  idle:\n    action: hibernate\n", line: 3, keyPath: "server.idle.action",
                    contains: "expected `suspend` or `stop`")
        expectError("logging:\n  format: xml\n", line: 2, keyPath: "logging.format", contains: "expected `text` or `json`")
        expectError("server:\n  bot_detection:\n    enabled: true\n    action: block\n", line: 4,
                    keyPath: "server.bot_detection.action", contains: "`static-only`")
    }

    @Test func cgiScripts() throws {
        let dir = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Fixture.write("#!/bin/sh\n", to: dir + "/plain.sh", mode: 0o644)
        Fixture.write("#!/bin/sh\n", to: dir + "/run.sh", mode: 0o755)
        expectError("server:\n  cgi_scripts:\n    - path: /a\n      script: nope.sh\n", line: 4,
                    keyPath: "server.cgi_scripts[0].script", contains: "does not exist", wd: dir)
        expectError("server:\n  cgi_scripts:\n    - path: /a\n      script: plain.sh\n", line: 4,
                    keyPath: "server.cgi_scripts[0].script", contains: "not executable", wd: dir)
        let config = try Fixture.load("server:\n  cgi_scripts:\n    - path: /a\n      script: run.sh\n      method: post\n",
                                      wd: dir)
        #expect(config.server.cgiScripts.first?.script == dir + "/run.sh")
        #expect(config.server.cgiScripts.first?.method == "POST")
    }

    @Test func flyReplayNeedsATarget() {
        expectError("routes:\n  fly:\n    replay:\n      - path: ^/x\n", line: 4, keyPath: "routes.fly.replay[0]",
                    contains: "needs `app`, `region` or `machine`")
    }

    @Test func reverseProxies() {
        expectError("routes:\n  reverse_proxies:\n    - prefix: /api\n", line: 3,
                    keyPath: "routes.reverse_proxies[0].target", contains: "`target`")
        expectError("routes:\n  reverse_proxies:\n    - prefix: /api\n      target: ftp://x\n", line: 4,
                    keyPath: "routes.reverse_proxies[0].target", contains: "http:// or https://")
        expectError("routes:\n  reverse_proxies:\n    - target: http://x\n", line: 3, keyPath: "routes.reverse_proxies[0]",
                    contains: "`path` (a regex) or `prefix`")
        expectError("routes:\n  reverse_proxies:\n    - prefix: /a\n      target: http://x\n      read_timeout: soon\n",
                    line: 5, keyPath: "routes.reverse_proxies[0].read_timeout", contains: "found `soon`")
        expectError("routes:\n  reverse_proxies:\n    - prefix: /a\n      target: http://x\n      connect_timeout: -1s\n",
                    line: 5, keyPath: "routes.reverse_proxies[0].connect_timeout", contains: "must not be negative")
    }

    @Test func severalErrorsAreReportedTogetherInFileOrder() throws {
        let error = try #require(Fixture.error("""
            logging:
              format: xml
            server:
              listen: 99999
            applications:
              pools:
                timeout: soon
            """))
        #expect(error.diagnostics.map(\.location.line) == [2, 4, 7])
    }
}
