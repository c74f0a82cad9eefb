import Foundation
import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// A reload's tenant list applied to running apps (real Python upstreams): changed → drained and replaced on demand,
/// deleted → drained and stopped, routing-only changes → left running.
@Suite struct TenantReconcileTests {
    @Test func aChangedDefinitionIsReplacedSideBySideAndTheOldProcessDrains() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let old = ProcessTestSupport.tenant("changed", env: ["MARKER": "old"])
        let inFlight = await supervisor.acquire(old)
        guard case .ready(let oldPort) = inFlight.outcome else { Issue.record("not ready: \(inFlight.outcome)"); return }
        let oldPid = try #require(await supervisor.pid(ofTenantAt: "/changed/"))
        let new = ProcessTestSupport.tenant("changed", env: ["MARKER": "new"])
        await supervisor.reconcile([new])
        // The app keeps serving while its replacement starts, then new requests go to the replacement.
        #expect(await supervisor.phase(ofTenantAt: "/changed/") == .ready)
        #expect(await ProcessTestSupport.eventually { await supervisor.pid(ofTenantAt: "/changed/") != oldPid })
        let next = await supervisor.acquire(new)
        guard case .ready(let newPort) = next.outcome else { Issue.record("not ready: \(next.outcome)"); return }
        #expect(newPort != oldPort)
        #expect(await ProcessTestSupport.get(port: newPort, path: "/changed/whoami")?.contains("\"marker\": \"new\"") == true)
        // The request leased before the reload still reaches the old process, which stops once it is released.
        #expect(await ProcessTestSupport.get(port: oldPort, path: "/changed/whoami")?.contains("\"marker\": \"old\"") == true)
        await inFlight.release()
        #expect(await ProcessTestSupport.eventually { kill(oldPid, 0) != 0 })
        #expect(await ProcessTestSupport.eventually { !supervisor.allocatedPorts.contains(oldPort) })
        await next.release()
        await supervisor.shutdown()
        #expect(supervisor.allocatedPorts.isEmpty)
    }

    @Test func aReplacedProcessStillBusyAfterStopGraceIsStoppedAnyway() async throws {
        let supervisor = ProcessTestSupport.supervisor(stopGrace: .milliseconds(300))
        let old = ProcessTestSupport.tenant("held", env: ["MARKER": "old"])
        let held = await supervisor.acquire(old)
        guard case .ready = held.outcome else { Issue.record("not ready: \(held.outcome)"); return }
        let oldPid = try #require(await supervisor.pid(ofTenantAt: "/held/"))
        await supervisor.reconcile([ProcessTestSupport.tenant("held", env: ["MARKER": "new"])])
        #expect(await ProcessTestSupport.eventually { await supervisor.pid(ofTenantAt: "/held/") != oldPid })
        // The lease on the old process is never released before it goes.
        #expect(await ProcessTestSupport.eventually { kill(oldPid, 0) != 0 })
        await held.release()
        await supervisor.shutdown()
    }

    @Test func aTenantWithAPidFileIsDrainedFirstAndTheWaitingRequestGetsTheNewOne() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-\(UUID().uuidString).pid").path
        let old = ProcessTestSupport.tenant("pidfile", env: ["MARKER": "old", "PIDFILE": pidFile])
        let inFlight = await supervisor.acquire(old)
        guard case .ready = inFlight.outcome else { Issue.record("not ready: \(inFlight.outcome)"); return }
        let oldPid = try #require(await supervisor.pid(ofTenantAt: "/pidfile/"))
        let new = ProcessTestSupport.tenant("pidfile", env: ["MARKER": "new", "PIDFILE": pidFile])
        await supervisor.reconcile([new])
        #expect(await supervisor.phase(ofTenantAt: "/pidfile/") == .retiring)
        let waiting = Task { await supervisor.acquire(new) }
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/pidfile/") == .retiring })
        await inFlight.release()
        let next = await waiting.value
        guard case .ready(let newPort) = next.outcome else { Issue.record("not ready: \(next.outcome)"); return }
        #expect(await ProcessTestSupport.get(port: newPort, path: "/pidfile/whoami")?.contains("\"marker\": \"new\"") == true)
        #expect(await supervisor.pid(ofTenantAt: "/pidfile/") != oldPid)
        await next.release()
        await supervisor.shutdown()
    }

    @Test func aReplacementThatCannotStartFallsBackToStoppingTheOldAppAfterItsRequests() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let old = ProcessTestSupport.tenant("broken")
        let inFlight = await supervisor.acquire(old)
        guard case .ready = inFlight.outcome else { Issue.record("not ready: \(inFlight.outcome)"); return }
        var broken = old
        broken.command = AppCommand(executable: "/nonexistent/navigator-test-app", arguments: [])
        await supervisor.reconcile([broken])
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/broken/") == .retiring })
        await inFlight.release()
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/broken/") == .stopped })
        let next = await supervisor.acquire(broken)
        guard case .failed = next.outcome else { Issue.record("expected a failed start: \(next.outcome)"); return }
        await next.release()
        await supervisor.shutdown()
    }

    @Test func aDeletedTenantsAppIsStoppedAndARoutingOnlyChangeKeepsTheProcess() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let deleted = ProcessTestSupport.tenant("deleted")
        let kept = ProcessTestSupport.tenant("kept")
        for tenant in [deleted, kept] {
            let lease = await supervisor.acquire(tenant)
            guard case .ready = lease.outcome else { Issue.record("not ready: \(lease.outcome)"); return }
            await lease.release()
        }
        let keptPid = try #require(await supervisor.pid(ofTenantAt: "/kept/"))
        var keptEdited = kept
        keptEdited.healthCheck = "/"
        keptEdited.startupTimeout = .seconds(30)
        await supervisor.reconcile([keptEdited])
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/deleted/") == .stopped })
        #expect(await supervisor.pid(ofTenantAt: "/deleted/") == nil)
        #expect(await supervisor.phase(ofTenantAt: "/kept/") == .ready)
        #expect(await supervisor.pid(ofTenantAt: "/kept/") == keptPid)
        await supervisor.shutdown()
    }

    @Test func aBusyRetiredAppIsStoppedAfterStopGrace() async throws {
        let supervisor = ProcessTestSupport.supervisor(stopGrace: .milliseconds(300))
        let tenant = ProcessTestSupport.tenant("busy", env: ["MARKER": "a"])
        let held = await supervisor.acquire(tenant)
        guard case .ready = held.outcome else { Issue.record("not ready: \(held.outcome)"); return }
        await supervisor.reconcile([])
        // The lease is never released before the stop: the drain limit ends the wait.
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/busy/") == .stopped })
        await held.release()
        await supervisor.shutdown()
    }
}
