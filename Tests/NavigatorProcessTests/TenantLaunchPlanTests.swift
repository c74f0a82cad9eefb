import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// Command and environment of a tenant start (F2, F26, F27).
@Suite struct TenantLaunchPlanTests {
    @Test func substitutesThePortAndOrdersTheEnvironment() {
        let tenant = TenantSpec(
            path: "/a/", name: "a", root: "/srv/a",
            command: AppCommand(executable: "ruby", arguments: ["bin/rails", "server", "-p", "{{port}}", "--x=${port}"]),
            env: [EnvironmentEntry("RAILS_ENV", "production"), EnvironmentEntry("PIDFILE", "/tmp/a.pid")])
        let plan = TenantLaunchPlan(tenant: tenant, port: 4001, base: [("PATH", "/usr/bin"), ("PORT", "1")])
        #expect(plan.request.arguments == ["bin/rails", "server", "-p", "4001", "--x=4001"])
        #expect(plan.request.workingDirectory == "/srv/a")
        let env = Dictionary(plan.request.resolvedEnvironment, uniquingKeysWith: { $1 })
        #expect(env["PORT"] == "4001")
        #expect(env["RAILS_ENV"] == "production")
        #expect(plan.pidFile == "/tmp/a.pid")
        #expect(!plan.hookEnvironment.contains { $0.0 == "PORT" && $0.1 == "4001" })
    }

    @Test func honoursPortEnvVarAndLetsTheTenantOverrideIt() {
        var tenant = TenantSpec(path: "/b/", name: "b", root: "", command: AppCommand(executable: "app", arguments: [], portEnvVar: "HTTP_PORT"))
        var env = Dictionary(TenantLaunchPlan(tenant: tenant, port: 4002, base: []).request.resolvedEnvironment, uniquingKeysWith: { $1 })
        #expect(env["HTTP_PORT"] == "4002")
        #expect(env["PORT"] == nil)
        tenant.env = [EnvironmentEntry("HTTP_PORT", "9999")]
        env = Dictionary(TenantLaunchPlan(tenant: tenant, port: 4002, base: []).request.resolvedEnvironment, uniquingKeysWith: { $1 })
        #expect(env["HTTP_PORT"] == "9999")
    }
}
