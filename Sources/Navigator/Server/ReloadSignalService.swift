import ServiceLifecycle
import UnixSignals

/// Owns SIGHUP (the only owner, see ARCHITECTURE "What to avoid"): each signal asks the reloader for a reload, which
/// serialises them and coalesces bursts.
struct ReloadSignalService: Service {
    let reloader: ConfigurationReloader

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            reloader.requestReload()
        }
        await reloader.waitUntilIdle()
    }
}
