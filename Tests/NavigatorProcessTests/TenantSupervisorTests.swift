import Foundation
import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// On-demand starts, readiness, idle stop, crashes and eviction against a real (Python) upstream.
@Suite struct TenantSupervisorTests {
    @Test func coldStartWithinTheTimeoutIsReadyAndServes() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let lease = await supervisor.acquire(ProcessTestSupport.tenant("cold", env: ["MARKER": "m1"]))
        guard case .ready(let port) = lease.outcome else { Issue.record("not ready: \(lease.outcome)"); return }
        #expect(await ProcessTestSupport.get(port: port, path: "/cold/whoami")?.contains("\"marker\": \"m1\"") == true)
        await lease.release()
        await supervisor.shutdown()
        #expect(supervisor.allocatedPorts.isEmpty)
    }

    @Test func startBeyondTheTimeoutTimesOutThenSucceeds() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let slow = ProcessTestSupport.tenant("slow", env: ["STARTUP_DELAY": "1.5"], startupTimeout: .milliseconds(100))
        let first = await supervisor.acquire(slow)
        #expect(first.outcome == .timedOut)
        await first.release()
        #expect(await supervisor.phase(ofTenantAt: "/slow/") == .starting)
        var patient = slow
        patient.startupTimeout = .seconds(20)
        let second = await supervisor.acquire(patient)
        guard case .ready = second.outcome else { Issue.record("not ready: \(second.outcome)"); return }
        await second.release()
        await supervisor.shutdown()
    }

    @Test func aSlowTenantNeverBlocksAnother() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let slow = ProcessTestSupport.tenant("slowpoke", env: ["STARTUP_DELAY": "4"])
        let fast = ProcessTestSupport.tenant("quick")
        let slowTask = Task { await supervisor.acquire(slow) }
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/slowpoke/") == .starting })
        let quick = await supervisor.acquire(fast)
        guard case .ready = quick.outcome else { Issue.record("quick not ready: \(quick.outcome)"); return }
        // The other tenant is still booting while this one already serves.
        #expect(await supervisor.phase(ofTenantAt: "/slowpoke/") == .starting)
        await quick.release()
        let slowLease = await slowTask.value
        guard case .ready = slowLease.outcome else { Issue.record("slow not ready: \(slowLease.outcome)"); return }
        await slowLease.release()
        await supervisor.shutdown()
    }

    @Test func concurrentFirstRequestsShareOneStart() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let tenant = ProcessTestSupport.tenant("shared", env: ["STARTUP_DELAY": "0.5"])
        let outcomes = await withTaskGroup(of: TenantAcquisition.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    let lease = await supervisor.acquire(tenant)
                    await lease.release()
                    return lease.outcome
                }
            }
            var all: [TenantAcquisition] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 5)
        #expect(outcomes.allSatisfy { $0 == outcomes[0] })
        #expect(supervisor.allocatedPorts.count == 1)
        await supervisor.shutdown()
    }

    @Test func crashedAppIsRestartedByTheNextRequest() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let tenant = ProcessTestSupport.tenant("crashy")
        let first = await supervisor.acquire(tenant)
        await first.release()
        let pid = try #require(await supervisor.pid(ofTenantAt: "/crashy/"))
        kill(pid, SIGKILL)
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/crashy/") == .stopped })
        #expect(supervisor.allocatedPorts.isEmpty)
        let second = await supervisor.acquire(tenant)
        guard case .ready(let port) = second.outcome else { Issue.record("not restarted: \(second.outcome)"); return }
        #expect(await supervisor.pid(ofTenantAt: "/crashy/") != pid)
        #expect(await ProcessTestSupport.get(port: port, path: "/crashy/") == "hello from upstream")
        await second.release()
        await supervisor.shutdown()
    }

    @Test func idleStopWaitsForTheRequestInFlight() async throws {
        let supervisor = ProcessTestSupport.supervisor(idleTimeout: .milliseconds(300))
        let tenant = ProcessTestSupport.tenant("busy")
        let lease = await supervisor.acquire(tenant)
        guard case .ready(let port) = lease.outcome else { Issue.record("not ready"); return }
        // A request that lasts several idle timeouts.
        #expect(await ProcessTestSupport.get(port: port, path: "/busy/slow?seconds=1.2") == "slow done")
        #expect(await supervisor.phase(ofTenantAt: "/busy/") == .ready)
        await lease.release()
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/busy/") == .stopped })
        #expect(supervisor.allocatedPorts.isEmpty)
        await supervisor.shutdown()
    }

    @Test func trackedWebSocketKeepsTheAppAlive() async throws {
        let supervisor = ProcessTestSupport.supervisor(idleTimeout: .milliseconds(200))
        let lease = await supervisor.acquire(ProcessTestSupport.tenant("ws"))
        await lease.websocketOpened()
        await lease.release()
        try await Task.sleep(for: .milliseconds(800))
        #expect(await supervisor.phase(ofTenantAt: "/ws/") == .ready)
        await lease.websocketClosed()
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/ws/") == .stopped })
        await supervisor.shutdown()
    }

    @Test func maxSizeStopsTheLeastRecentlyUsedIdleApp() async throws {
        let supervisor = ProcessTestSupport.supervisor(maxSize: 2)
        for name in ["lru1", "lru2"] {
            let lease = await supervisor.acquire(ProcessTestSupport.tenant(name))
            await lease.release()
        }
        let third = await supervisor.acquire(ProcessTestSupport.tenant("lru3"))
        guard case .ready = third.outcome else { Issue.record("not ready"); return }
        #expect(await supervisor.phase(ofTenantAt: "/lru1/") == .stopped)
        #expect(await supervisor.phase(ofTenantAt: "/lru2/") == .ready)
        await third.release()
        await supervisor.shutdown()
    }

    @Test func failedStartAnswersFailedAndReleasesThePort() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        var tenant = ProcessTestSupport.tenant("broken")
        tenant.command = AppCommand(executable: "python3", arguments: ["-c", "import sys; sys.exit(1)"])
        let lease = await supervisor.acquire(tenant)
        guard case .failed = lease.outcome else { Issue.record("expected failure: \(lease.outcome)"); return }
        await lease.release()
        #expect(await ProcessTestSupport.eventually { supervisor.allocatedPorts.isEmpty })
        tenant.command = AppCommand(executable: "/nonexistent/app", arguments: [])
        let again = await supervisor.acquire(tenant)
        guard case .failed = again.outcome else { Issue.record("expected failure: \(again.outcome)"); return }
        await again.release()
        #expect(supervisor.allocatedPorts.isEmpty)
        await supervisor.shutdown()
    }

    @Test func stalePidFileProcessIsKilledBeforeTheStart() async throws {
        let directory = FileManagerHelper.temporaryDirectory()
        let pidFile = directory + "/app.pid"
        let stale = try await ChildProcess.spawn(
            SpawnRequest(executable: "sleep", arguments: ["300"], environment: ServerEnvironment.current()), source: "s", output: nil)
        try "\(stale.pid)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
        let supervisor = ProcessTestSupport.supervisor()
        let lease = await supervisor.acquire(ProcessTestSupport.tenant("pidfile", env: ["PIDFILE": pidFile]))
        guard case .ready = lease.outcome else { Issue.record("not ready"); return }
        #expect(await stale.exitStatus == .signaled(SIGTERM))
        await lease.release()
        await supervisor.shutdown()
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func shutdownEscalatesForAnAppIgnoringSIGTERM() async throws {
        let supervisor = ProcessTestSupport.supervisor(stopGrace: .milliseconds(300))
        let lease = await supervisor.acquire(ProcessTestSupport.tenant("stubborn", env: ["IGNORE_TERM": "1"]))
        await lease.release()
        let pid = try #require(await supervisor.pid(ofTenantAt: "/stubborn/"))
        await supervisor.shutdown()
        #expect(ProcessTable.startTime(of: pid) == nil)
        #expect(await supervisor.phase(ofTenantAt: "/stubborn/") == .stopped)
    }
}
