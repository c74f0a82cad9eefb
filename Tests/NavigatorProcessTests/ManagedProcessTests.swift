import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// Managed processes (F4, D11).
@Suite struct ManagedProcessTests {
    let fastBackoff = RestartBackoff(initial: .milliseconds(50), maximum: .milliseconds(200), resetAfter: .seconds(60))

    private func supervisor() -> ManagedProcessSupervisor {
        ManagedProcessSupervisor(
            logger: ProcessTestSupport.logger, output: { _ in }, registry: ChildRegistry(path: nil), backoff: fastBackoff,
            stopGrace: .milliseconds(500))
    }

    @Test func abnormalExitIsRestartedWithBackoff() async {
        let managed = supervisor()
        await managed.apply([ManagedProcessSpec(name: "flaky", command: "python3", args: ["-c", "import sys; sys.exit(2)"], autoRestart: true)],
                            logging: LoggingSettings())
        #expect(await ProcessTestSupport.eventually { (await managed.history(of: "flaky")?.starts ?? 0) >= 4 })
        let history = await managed.history(of: "flaky")
        #expect(history?.exits.allSatisfy { $0 == .exited(2) } == true)
        await managed.shutdown()
    }

    @Test func exitZeroIsNeverRestarted() async {
        let managed = supervisor()
        await managed.apply([ManagedProcessSpec(name: "once", command: "python3", args: ["-c", "pass"], autoRestart: true)],
                            logging: LoggingSettings())
        #expect(await ProcessTestSupport.eventually { await managed.history(of: "once")?.finished == true })
        #expect(await managed.history(of: "once")?.starts == 1)
        await managed.shutdown()
    }

    @Test func withoutAutoRestartACrashStaysDown() async {
        let managed = supervisor()
        await managed.apply([ManagedProcessSpec(name: "down", command: "python3", args: ["-c", "import sys; sys.exit(1)"])],
                            logging: LoggingSettings())
        #expect(await ProcessTestSupport.eventually { await managed.history(of: "down")?.finished == true })
        #expect(await managed.history(of: "down")?.starts == 1)
        await managed.shutdown()
    }

    @Test func reloadRestartsChangedStopsRemovedAndShutdownCancelsPendingRestarts() async throws {
        let managed = supervisor()
        let worker = ManagedProcessSpec(name: "worker", command: "sleep", args: ["300"], env: [EnvironmentEntry("WORKER_ENV", "1")])
        await managed.apply([worker], logging: LoggingSettings())
        let firstPid = try #require(await managed.pid(of: "worker"))
        var changed = worker
        changed.args = ["301"]
        await managed.apply([changed], logging: LoggingSettings())
        let secondPid = try #require(await managed.pid(of: "worker"))
        #expect(secondPid != firstPid)
        #expect(ProcessTable.startTime(of: firstPid) == nil)
        await managed.apply([changed], logging: LoggingSettings())
        #expect(await managed.pid(of: "worker") == secondPid)
        await managed.apply([], logging: LoggingSettings())
        #expect(await managed.pid(of: "worker") == nil)
        #expect(await ProcessTestSupport.eventually { ProcessTable.startTime(of: secondPid) == nil })
        let slowRestart = ManagedProcessSupervisor(
            logger: ProcessTestSupport.logger, output: { _ in }, registry: ChildRegistry(path: nil),
            backoff: RestartBackoff(initial: .seconds(300), maximum: .seconds(300), resetAfter: .seconds(600)))
        await slowRestart.apply([ManagedProcessSpec(name: "crash", command: "false", autoRestart: true)], logging: LoggingSettings())
        #expect(await ProcessTestSupport.eventually { (await slowRestart.history(of: "crash")?.exits.count ?? 0) == 1 })
        // Returns at once although a restart is pending for five minutes (D31).
        await slowRestart.shutdown()
        await managed.shutdown()
    }

    @Test func vectorIsInjectedFirstWhenConfigured() {
        let definitions = ManagedProcessSupervisor.definitions(
            [ManagedProcessSpec(name: "redis", command: "redis-server")],
            logging: LoggingSettings(vector: VectorSettings(socket: "/tmp/v.sock", config: "/etc/vector.toml")))
        #expect(definitions.map(\.spec.name) == ["vector", "redis"])
        #expect(definitions[0].spec.args == ["--config", "/etc/vector.toml"])
        #expect(definitions[0].spec.autoRestart)
        #expect(definitions[0].removeBeforeStart == "/tmp/v.sock")
    }
}
