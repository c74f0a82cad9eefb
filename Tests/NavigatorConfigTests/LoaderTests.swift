import Foundation
import Testing
@testable import NavigatorConfig

/// Defaults, inheritance and normalisation performed by the compile stage.
@Suite struct LoaderTests {
    @Test func emptyAndCommentOnlyFilesGiveDefaults() throws {
        #expect(try Fixture.load("") == NavigatorConfiguration(
            server: ServerSettings(staticFiles: StaticSettings(publicDir: "/srv/app/public", publicDirAsWritten: "public")),
            maintenance: MaintenanceSettings(page: "/srv/app/public/503.html")))
        #expect(try Fixture.load("# nothing\n").server.listen.port == 3000)
    }

    @Test func onlyTheFirstDocumentIsUsed() throws {
        let config = try Fixture.load("server:\n  listen: 1234\n---\nserver:\n  listen: [bad]\n")
        #expect(config.server.listen.port == 1234)
    }

    @Test func listenForms() throws {
        #expect(try Fixture.load("server:\n  listen: \"[::1]:8080\"\n").server.listen == ListenAddress(host: "::1", port: 8080))
        #expect(try Fixture.load("server:\n  listen: 127.0.0.1:9\n").server.listen == ListenAddress(host: "127.0.0.1", port: 9))
        #expect(try Fixture.load("server:\n  listen: \"3001\"\n").server.listen == ListenAddress(port: 3001))
    }

    @Test func rootPathAndCableNormalisation() throws {
        let config = try Fixture.load("server:\n  root_path: showcase\ncable:\n  path: \"\"\n")
        #expect(config.server.rootPath == "/showcase/")
        #expect(config.cable == CableSettings())
        #expect(try Fixture.load("cable:\n  enabled: off\n").cable.enabled == false)
    }

    @Test func classicTenantCommandAndInheritance() throws {
        let config = try Fixture.load("""
            applications:
              runtime: {node: /usr/bin/node}
              args: {node: [server.js, "{{port}}"]}
              health_check: /up
              track_websockets: false
              startup_timeout: 8s
              pools: {user: app, group: staff, default_memory_limit: 512M}
              tenants:
                - path: /showcase/2025/boston
                  framework: node
                  root: apps/boston
                - path: /a/
                  name: alpha
                  track_websockets: true
                  memory_limit: 1G
                  user: other
            """)
        let boston = config.applications.tenants[0]
        #expect(boston.path == "/showcase/2025/boston/")
        #expect(boston.name == "2025/boston")
        #expect(boston.root == "/srv/app/apps/boston")
        #expect(boston.command == AppCommand(executable: "/usr/bin/node", arguments: ["bin/rails", "server.js", "{{port}}"]))
        #expect(boston.healthCheck == "/up")
        #expect(!boston.trackWebsockets)
        #expect(boston.startupTimeout == .seconds(8))
        #expect(boston.memoryLimit == 512 << 20)
        #expect(boston.user == "app" && boston.group == "staff")
        let alpha = config.applications.tenants[1]
        #expect(alpha.name == "alpha")
        #expect(alpha.command == AppCommand(executable: "ruby",
                                            arguments: ["bin/rails", "server", "-b", "0.0.0.0", "-p", "{{port}}"]))
        #expect(alpha.trackWebsockets)
        #expect(alpha.memoryLimit == 1 << 30)
        #expect(alpha.user == "other")
        #expect(alpha.root == "/srv/app")
    }

    @Test func frameworkFormAppliesToTenantsWithoutTheirOwnCommand() throws {
        let config = try Fixture.load("""
            applications:
              framework:
                command: bin/rails
                args: [server, -p, "${port}"]
                app_directory: /apps/main
                port_env_var: RAILS_PORT
                start_delay: 2s
              tenants:
                - path: /x/
                - path: /y/
                  runtime: python3
            """)
        let (x, y) = (config.applications.tenants[0], config.applications.tenants[1])
        #expect(x.command == AppCommand(executable: "bin/rails", arguments: ["server", "-p", "${port}"],
                                        portEnvVar: "RAILS_PORT", startDelay: .seconds(2)))
        #expect(x.root == "/apps/main")
        #expect(y.command.executable == "python3")
        #expect(y.command.portEnvVar == "RAILS_PORT")
    }

    @Test func tenantNamesFollowNavigator() {
        #expect(ConfigCompiler.tenantName(path: "/a/") == "/a")
        #expect(ConfigCompiler.tenantName(path: "/showcase/") == "")
        #expect(ConfigCompiler.tenantName(path: "/") == "")
    }

    @Test func tenantEnvReplacesInPlaceAndHooksMerge() throws {
        let config = try Fixture.load("""
            applications:
              env: {A: "1", B: "2", C: "3"}
              tenants:
                - path: /t/
                  env: {B: override, D: "4"}
                  hooks:
                    start: [{command: own}]
            hooks:
              tenant:
                start: [{command: default, timeout: 0}]
                stop: [{command: bye, timeout: 30s}]
            """)
        let tenant = config.applications.tenants[0]
        #expect(tenant.env.map(\.name) == ["A", "B", "C", "D"])
        #expect(tenant.env[1].value == "override")
        #expect(tenant.hooks.start.map(\.command) == ["default", "own"])
        #expect(tenant.hooks.start[0].timeout == nil)
        #expect(tenant.hooks.stop == [HookSpec(command: "bye", timeout: .seconds(30))])
    }

    @Test func redirectsThenRewritesInFileOrder() throws {
        let config = try Fixture.load("""
            routes:
              rewrites:
                - from: ^/r1
                  to: /x
                - pattern: ^/r2
                  replacement: /y
                  redirect: true
                  status: 301
                - pattern: ^/r3
                  replacement: /z
              redirects:
                - from: ^/d1
                  to: /w
            """)
        #expect(config.routes.rules.map(\.pattern.source) == ["^/d1", "^/r1", "^/r2", "^/r3"])
        #expect(config.routes.rules.map(\.kind) == [.redirect(status: 302), .rewrite, .redirect(status: 301), .rewrite])
    }

    @Test func authExemptionsOnlyWhenEnabled() throws {
        let dir = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Fixture.write("demo:plain\n", to: dir + "/users")
        let disabled = try Fixture.load("auth:\n  htpasswd: users\n  public_paths: [/a/]\n", wd: dir)
        #expect(!disabled.auth.enforced && disabled.auth.publicPaths.isEmpty)
        let enabled = try Fixture.load("""
            auth:
              enabled: yes
              htpasswd: users
              public_paths: [/a/]
              auth_patterns: [{pattern: "^/p", action: "off"}]
            """, wd: dir)
        #expect(enabled.auth.enforced)
        #expect(enabled.auth.htpasswdPath == dir + "/users")
        #expect(enabled.auth.publicPaths == ["/a/"])
        #expect(enabled.auth.authPatterns.first?.action == "off")
    }

    @Test func maintenancePageResolution() throws {
        let underPublic = try Fixture.load("server:\n  static:\n    public_dir: web\nmaintenance:\n  page: /down.html\n")
        #expect(underPublic.maintenance.page == "/srv/app/web/down.html")
        let relative = try Fixture.load("maintenance:\n  enabled: true\n  page: pages/503.html\n")
        #expect(relative.maintenance == MaintenanceSettings(enabled: true, page: "/srv/app/pages/503.html"))
    }

    @Test func limitsAndPools() throws {
        let config = try Fixture.load("""
            server:
              limits: {header_timeout: 10s, idle_timeout: 1m, max_header_size: 32k, max_body_size: 0}
            applications:
              pools: {timeout: 1d, start_port: 0, max_size: 3, stop_grace: 2.5s}
            """)
        #expect(config.server.limits == ServerLimits(headerTimeout: .seconds(10), idleTimeout: .seconds(60),
                                                     maxHeaderSize: 32 * 1024, maxBodySize: nil))
        #expect(config.applications.pools.idleTimeout == .seconds(86_400))
        #expect(config.applications.pools.startPort == 4000)
        #expect(config.applications.pools.maxSize == 3)
        #expect(config.applications.pools.stopGrace == .milliseconds(2500))
    }

    @Test func reverseProxyTimeoutsDefaultToNavigatorsAndZeroMeansTheDefault() throws {
        let config = try Fixture.load("""
            routes:
              reverse_proxies:
                - {prefix: /a, target: "http://127.0.0.1:1"}
                - {prefix: /b, target: "http://127.0.0.1:1", connect_timeout: 250ms, read_timeout: 2s}
                - {prefix: /c, target: "http://127.0.0.1:1", connect_timeout: 0, read_timeout: 0}
            """)
        let timeouts = config.routes.reverseProxies.map { [$0.connectTimeout, $0.readTimeout] }
        #expect(timeouts == [[.seconds(30), nil], [.milliseconds(250), .seconds(2)], [.seconds(30), nil]])
    }

    @Test func mergeKeysWork() throws {
        let config = try Fixture.load("""
            defaults: &d
              root: /apps/shared
            applications:
              tenants:
                - <<: *d
                  path: /m/
            """)
        #expect(config.applications.tenants.first?.root == "/apps/shared")
        #expect(config.warnings.map(\.keyPath) == ["defaults"])
    }

    @Test func fileLoadingReportsMissingFiles() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: "nope.yml", environment: [:], workingDirectory: "/nonexistent")
        }
    }
}
