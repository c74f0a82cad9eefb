import FoundationEssentials
import Metrics

/// Config reload outcomes as metrics (Caddy's `caddy_config_last_reload_successful` and friends): reloads counted
/// by result, with the time and generation of the configuration in force.
enum ReloadMetrics {
    /// The first load: both counters exist from the start (at 0), and the gauges describe generation 1.
    static func loaded(generation: Int) {
        _ = reloads(result: "success")
        _ = reloads(result: "failure")
        inForce(generation: generation)
    }

    /// A reload took effect.
    static func succeeded(generation: Int) {
        reloads(result: "success").increment()
        inForce(generation: generation)
    }

    /// A reload was refused; the old configuration keeps serving.
    static func failed() {
        reloads(result: "failure").increment()
        Gauge(label: "navigator_config_last_reload_successful").record(0)
    }

    private static func reloads(result: String) -> Counter {
        Counter(label: "navigator_config_reloads_total", dimensions: [("result", result)])
    }

    private static func inForce(generation: Int) {
        Gauge(label: "navigator_config_last_reload_successful").record(1)
        Gauge(label: "navigator_config_last_reload_success_timestamp_seconds").record(Date().timeIntervalSince1970)
        Gauge(label: "navigator_config_generation").record(generation)
    }
}
