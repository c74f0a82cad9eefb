import ServiceLifecycle
import UnixSignals

/// Owns SIGHUP (the only owner, see ARCHITECTURE "What to avoid"): each signal triggers one reload, in order.
struct ReloadSignalService: Service {
    let reloader: ConfigurationReloader

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Reloads run one after another on this task, so triggers are serialised.
        for await _ in signals.cancelOnGracefulShutdown() {
            reloader.reload()
        }
    }
}
