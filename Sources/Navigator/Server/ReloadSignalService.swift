import ServiceLifecycle
import UnixSignals

/// Owns SIGHUP (the only owner, see ARCHITECTURE "What to avoid"): each signal asks the reloader for a reload, which
/// serialises them and coalesces bursts.
struct ReloadSignalService: Service {
    let reloader: ConfigurationReloader

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Not `signals.cancelOnGracefulShutdown()`: its merge can deadlock against a group cancellation (seen when
        // the listener failed to bind and the group cancelled every service at once: the process never exited).
        // Here the loop ends by plain task cancellation, which ends the signal stream.
        await withDiscardingTaskGroup { group in
            group.addTask { [reloader] in
                for await _ in signals { reloader.requestReload() }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await reloader.waitUntilIdle()
    }
}
