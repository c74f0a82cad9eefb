import Foundation
import NavigatorTestSupport
import Testing

/// Reload semantics on the real binary with real child processes (docs/RELOAD.md).
@Suite(.serialized) struct ReloadLiveTests {
    /// Rewrites the server's config and sends SIGHUP; waits for the `count`-th outcome line (success or failure).
    static func reload(_ server: LiveNavigator, to config: String, count: Int) async throws {
        try config.write(to: server.directory.appendingPathComponent("navigator.yml"), atomically: true, encoding: .utf8)
        server.send(signal: SIGHUP)
        try await server.waitForOutput("Received SIGHUP, reloading configuration", count: count)
        try await waitForOutcome(server, count: count)
    }

    /// Waits until `count` reloads finished, successfully or not.
    static func waitForOutcome(_ server: LiveNavigator, count: Int) async throws {
        let done = await TenantTestSupport.eventually(limit: .seconds(30)) {
            let text = server.outputText
            return text.components(separatedBy: "Configuration reloaded successfully").count - 1
                + text.components(separatedBy: "Failed to reload configuration").count - 1 >= count
        }
        if !done { throw LiveNavigatorError.outputMissing("reload number \(count)", output: server.outputText) }
    }

    /// A config whose server start hook (run at boot and before every reload) is `sh -c script`; `then` follows
    /// inside `hooks.server` (four-space indented lists).
    static func withStartHook(_ script: String, then more: String = "") -> String {
        """
        server:
          listen: "127.0.0.1:0"
        hooks:
          server:
            start:
              - command: sh
                args: ["-c", "\(script)"]

        """ + more
    }

    /// A `sh` managed process that writes its pid to `<name>.pid` and then becomes `sleep <seconds>`.
    static func process(_ name: String, sleep seconds: Int = 1000) -> String {
        """
          - name: \(name)
            command: sh
            args: ["-c", "echo $$ > \(name).pid.tmp && mv \(name).pid.tmp \(name).pid && exec sleep \(seconds)"]

        """
    }

    static func pid(_ server: LiveNavigator, _ name: String) -> Int32? {
        let path = server.directory.appendingPathComponent("\(name).pid").path
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test func managedProcessesAreAddedRemovedRestartedWhenChangedAndOtherwiseLeftRunning() async throws {
        let header = "server:\n  listen: \"127.0.0.1:0\"\nmanaged_processes:\n"
        let server = try await LiveNavigator.start(
            config: header + Self.process("keep") + Self.process("change") + Self.process("remove"))
        defer { Task { await server.stop() } }
        #expect(await TenantTestSupport.eventually { ["keep", "change", "remove"].allSatisfy { Self.pid(server, $0) != nil } })
        let keep = try #require(Self.pid(server, "keep"))
        let change = try #require(Self.pid(server, "change"))
        let remove = try #require(Self.pid(server, "remove"))

        try await Self.reload(server, to: header + Self.process("keep") + Self.process("change", sleep: 1001) + Self.process("add"), count: 1)
        #expect(await TenantTestSupport.eventually { Self.pid(server, "add").map(TenantTestSupport.isAlive) == true })
        #expect(await TenantTestSupport.eventually { (Self.pid(server, "change") ?? change) != change })
        #expect(Self.pid(server, "keep") == keep)
        #expect(TenantTestSupport.isAlive(keep))
        #expect(await TenantTestSupport.eventually { !TenantTestSupport.isAlive(change) && !TenantTestSupport.isAlive(remove) })
        #expect(TenantTestSupport.isAlive(try #require(Self.pid(server, "change"))))
        // Exactly once: building a generation used to apply it to the processes too, restarting them twice.
        #expect(server.outputText.components(separatedBy: "Restarting changed managed process").count == 2)
        #expect(server.outputText.contains("Stopping managed process"))
        await server.stop()
    }

    @Test func aChangedTenantIsReplacedSideBySideAndADeletedOneIsStopped() async throws {
        let startPort = TenantTestSupport.startPort()
        func config(_ tenants: String) -> String {
            "server:\n  listen: \"127.0.0.1:0\"\napplications:\n  pools:\n    start_port: \(startPort)\n  tenants:\n" + tenants
        }
        let a = TenantTestSupport.tenantYAML(path: "/a/", env: ["MARKER": "one"])
        let b = TenantTestSupport.tenantYAML(path: "/b/")
        let c = TenantTestSupport.tenantYAML(path: "/c/")
        let server = try await LiveNavigator.start(config: config(a + b + c))
        defer { Task { await server.stop() } }
        var pids: [String: Int32] = [:]
        for name in ["a", "b", "c"] {
            pids[name] = try #require(TenantProxyLiveTests.pid(in: try await TenantTestSupport.curl(server.url("/\(name)/whoami")).body))
        }
        async let slow = TenantTestSupport.curl(server.url("/a/slow?seconds=3"))
        try await server.waitForOutput("slow request started", timeout: .seconds(20))

        // /a/ changes its environment, /b/ goes away, /c/ changes only how it is probed and waited for.
        let changedC = TenantTestSupport.tenantYAML(path: "/c/", extra: "    startup_timeout: 9s\n")
        try await Self.reload(server, to: config(TenantTestSupport.tenantYAML(path: "/a/", env: ["MARKER": "two"]) + changedC), count: 1)
        // Requests go on to the old process until its replacement is ready, then to the replacement.
        #expect(try await TenantTestSupport.eventually {
            let next = try await TenantTestSupport.curl(server.url("/a/whoami"))
            return next.status == 200 && next.body.contains(#""marker": "two""#) && TenantProxyLiveTests.pid(in: next.body) != pids["a"]
        })
        // The request in flight during the reload finished on the old process, which then stopped.
        #expect(try await slow.status == 200)
        #expect(await TenantTestSupport.eventually { !TenantTestSupport.isAlive(pids["a"]!) })
        #expect(try await TenantTestSupport.curl(server.url("/b/whoami")).status == 404)
        #expect(await TenantTestSupport.eventually { !TenantTestSupport.isAlive(pids["b"]!) })
        #expect(TenantProxyLiveTests.pid(in: try await TenantTestSupport.curl(server.url("/c/whoami")).body) == pids["c"])
        #expect(server.outputText.contains("Tenant app replaced"))
        #expect(server.outputText.contains("Stopping the app of a removed tenant"))
        await server.stop()
    }

    @Test func everyFindingOfAnInvalidFileIsInOneErrorLineAndTheOldGenerationServes() async throws {
        let server = try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
            routes:
              redirects:
                - from: "^/which$"
                  to: /kept

            """)
        defer { Task { await server.stop() } }
        try await Self.reload(server, to: """
            server:
              listen: "127.0.0.1:0"
            applications:
              pools:
                timeout: soon
                start_port: lots

            """, count: 1)
        let lines = server.outputLines.filter { $0.contains("Failed to reload configuration") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("navigator.yml:5:") == true)
        #expect(lines.first?.contains("applications.pools.timeout") == true)
        #expect(lines.first?.contains("navigator.yml:6:") == true)
        #expect(lines.first?.contains("applications.pools.start_port") == true)
        #expect(try await TenantTestSupport.curl(server.url("/which")).headers.contains("Location: /kept"))
        await server.stop()
    }

    @Test func aChangedListenAddressIsRefusedWhileTheRestApplies() async throws {
        let server = try await LiveNavigator.start(config: "server:\n  listen: \"127.0.0.1:0\"\n")
        defer { Task { await server.stop() } }
        let other = try Self.freePort()
        try await Self.reload(server, to: """
            server:
              listen: "127.0.0.1:\(other)"
            routes:
              redirects:
                - from: "^/which$"
                  to: /applied
            """, count: 1)
        #expect(server.outputText.contains("Settings that take effect only after a restart changed; keeping the running values"))
        #expect(server.outputText.contains("server.listen (127.0.0.1:0 → 127.0.0.1:\(other))"))
        let applied = try await TenantTestSupport.curl(server.url("/which"))
        #expect(applied.status == 302)
        #expect(applied.headers.contains("Location: /applied"))
        #expect(try await TenantTestSupport.curl("http://127.0.0.1:\(other)/which", timeout: 5).status == 0)
        await server.stop()
    }

    @Test func reloadConfigFromACGIScriptSwitchesTheConfigFileForLaterReloads() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let second = directory.appendingPathComponent("second.yml").path
        let script = directory.appendingPathComponent("switch.sh").path
        try "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho switching\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        func config(_ target: String) -> String {
            """
            server:
              listen: "127.0.0.1:0"
              cgi_scripts:
                - path: /switch
                  script: \(script)
                  reload_config: \(second)
            routes:
              redirects:
                - from: "^/which$"
                  to: \(target)

            """
        }
        try config("/second").write(toFile: second, atomically: true, encoding: .utf8)
        let server = try await LiveNavigator.start(config: config("/first"), directory: directory)
        defer { Task { await server.stop() } }
        #expect(try await TenantTestSupport.curl(server.url("/which")).headers.contains("Location: /first"))
        #expect(try await TenantTestSupport.curl(server.url("/switch")).body == "switching\n")
        try await Self.waitForOutcome(server, count: 1)
        #expect(server.outputText.contains("Switching configuration file"))
        #expect(try await TenantTestSupport.curl(server.url("/which")).headers.contains("Location: /second"))
        // SIGHUP now reads second.yml; the CGI asking again for the unchanged file is a no-op.
        try config("/second-edited").write(toFile: second, atomically: true, encoding: .utf8)
        server.send(signal: SIGHUP)
        try await Self.waitForOutcome(server, count: 2)
        #expect(try await TenantTestSupport.curl(server.url("/which")).headers.contains("Location: /second-edited"))
        #expect(try await TenantTestSupport.curl(server.url("/switch")).status == 200)
        try await server.waitForOutput("Reload not needed")
        #expect(server.outputText.contains("config file unchanged since the last load"))
        await server.stop()
    }

    @Test func aBurstOfSignalsDuringAReloadCostsOneMoreReload() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let gate = directory.appendingPathComponent("go")
        FileManager.default.createFile(atPath: gate.path, contents: nil)
        // The start hook runs on every reload (before the build) and holds it until the file `go` exists.
        let server = try await LiveNavigator.start(
            config: Self.withStartHook("while [ ! -f go ]; do sleep 0.02; done"), directory: directory)
        defer { Task { await server.stop() } }
        try FileManager.default.removeItem(at: gate)
        server.send(signal: SIGHUP)
        try await server.waitForOutput("Received SIGHUP, reloading configuration")
        server.send(signal: SIGHUP)
        try await server.waitForOutput("Reload queued behind the one running")
        for _ in 0..<5 {
            server.send(signal: SIGHUP)
            try await server.waitForOutput("Reload already pending; this request joins it")
        }
        FileManager.default.createFile(atPath: gate.path, contents: nil)
        try await Self.waitForOutcome(server, count: 2)
        // One more signal afterwards: if the burst had queued more than one reload, this would not be the third.
        server.send(signal: SIGHUP)
        try await Self.waitForOutcome(server, count: 3)
        let output = server.outputText
        #expect(output.components(separatedBy: "Received SIGHUP, reloading configuration").count - 1 == 3)
        #expect(output.components(separatedBy: "Configuration reloaded successfully").count - 1 == 3)
        await server.stop()
    }

    @Test func aReadyHookReloadsTheSameFileWhenAStartHookChangedItAfterTheFirstLoad() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let path = directory.appendingPathComponent("navigator.yml").path
        // The start hook runs after the first load (before listening) and touches the file; the ready hook then
        // names the same file, which counts as changed since that load (F5).
        let config = Self.withStartHook("sleep 0.05; touch navigator.yml", then: """
                ready:
                  - command: "true"
                    reload_config: \(path)

            """)
        let server = try await LiveNavigator.start(config: config, directory: directory)
        defer { Task { await server.stop() } }
        try await Self.waitForOutcome(server, count: 1)
        #expect(server.outputText.contains("Configuration reloaded successfully"))
        #expect(!server.outputText.contains("Switching configuration file"))
        await server.stop()
    }

    @Test func logFormatAuthCablePathStaticFilesAndMaintenanceSwitchBothWays() async throws {
        let plain = "server:\n  listen: \"127.0.0.1:0\"\n"
        let server = try await LiveNavigator.start(config: plain)
        defer { Task { await server.stop() } }
        try "alice:secret\n".write(to: server.directory.appendingPathComponent("users.htpasswd"), atomically: true, encoding: .utf8)
        let site = server.directory.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try "from site\n".write(to: site.appendingPathComponent("page.txt"), atomically: true, encoding: .utf8)
        let strict = plain + """
              static:
                public_dir: site
            logging:
              format: json
            auth:
              enabled: true
              htpasswd: users.htpasswd
            cable:
              path: /ws

            """
        try await Self.reload(server, to: strict, count: 1)
        #expect(server.outputText.contains(#""msg":"Configuration reloaded successfully""#))
        #expect(try await TenantTestSupport.curl(server.url("/x")).status == 401)
        #expect(try await TenantTestSupport.curl(server.url("/x"), ["-u", "alice:secret"]).status == 404)
        #expect(try Self.upgradeStatus(server, path: "/ws", credentials: "alice:secret").hasPrefix("HTTP/1.1 101"))
        #expect(try Self.upgradeStatus(server, path: "/ws").hasPrefix("HTTP/1.1 401"))
        #expect(try await TenantTestSupport.curl(server.url("/page.txt"), ["-u", "alice:secret"]).body == "from site\n")
        // Maintenance mode answers what static files do not (they keep being served, as in Navigator).
        try await Self.reload(server, to: strict + "maintenance:\n  enabled: true\n", count: 2)
        #expect(try await TenantTestSupport.curl(server.url("/x"), ["-u", "alice:secret"]).status == 503)
        try await Self.reload(server, to: strict, count: 3)
        #expect(try await TenantTestSupport.curl(server.url("/x"), ["-u", "alice:secret"]).status == 404)

        try await Self.reload(server, to: plain, count: 4)
        #expect(server.outputText.contains(#"msg="Configuration reloaded successfully" generation=5"#))
        #expect(try await TenantTestSupport.curl(server.url("/x")).status == 404)
        #expect(try await TenantTestSupport.curl(server.url("/page.txt")).status == 404)
        #expect(try Self.upgradeStatus(server, path: "/cable").hasPrefix("HTTP/1.1 101"))
        #expect(!(try Self.upgradeStatus(server, path: "/ws").hasPrefix("HTTP/1.1 101")))
        await server.stop()
    }

    /// The status line of a WebSocket upgrade request to `path`.
    static func upgradeStatus(_ server: LiveNavigator, path: String, credentials: String? = nil) throws -> String {
        let socket = try RawSocket(port: server.port)
        let authorization = credentials.map { "Authorization: Basic \(Data($0.utf8).base64EncodedString())\r\n" } ?? ""
        try socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(authorization)Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        return socket.read(until: "\r\n", timeout: .seconds(10))
    }

    /// A port nothing listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
