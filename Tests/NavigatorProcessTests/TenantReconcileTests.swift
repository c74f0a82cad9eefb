import Foundation
import NavigatorConfig
import Testing
@testable import NavigatorProcess

/// A reload's tenant list applied to running apps (real Python upstreams): changed → drained and replaced on demand,
/// deleted → drained and stopped, routing-only changes → left running.
@Suite struct TenantReconcileTests {
    @Test func aChangedDefinitionDrainsTheOldAppAndTheWaitingRequestGetsTheNewOne() async throws {
        let supervisor = ProcessTestSupport.supervisor()
        let old = ProcessTestSupport.tenant("changed", env: ["MARKER": "old"])
        let inFlight = await supervisor.acquire(old)
        guard case .ready(let oldPort) = inFlight.outcome else { Issue.record("not ready: \(inFlight.outcome)"); return }
        let oldPid = try #require(await supervisor.pid(ofTenantAt: "/changed/"))
        let new = ProcessTestSupport.tenant("changed", env: ["MARKER": "new"])
        await supervisor.reconcile([new])
        #expect(await supervisor.phase(ofTenantAt: "/changed/") == .retiring)
        // The request in flight still reaches the old process.
        #expect(await ProcessTestSupport.get(port: oldPort, path: "/changed/whoami")?.contains("\"marker\": \"old\"") == true)
        let waiting = Task { await supervisor.acquire(new) }
        #expect(await ProcessTestSupport.eventually { await supervisor.phase(ofTenantAt: "/changed/") == .retiring })
        await inFlight.release()
        let next = await waiting.value
        guard case .ready(let newPort) = next.outcome else { Issue.record("not ready: \(next.outcome)"); return }
        #expect(await ProcessTestSupport.get(port: newPort, path: "/changed/whoami")?.contains("\"marker\": \"new\"") == true)
        #expect(await supervisor.pid(ofTenantAt: "/changed/") != oldPid)
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
