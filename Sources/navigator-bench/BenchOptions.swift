/// Command-line options of `navigator-bench` (`--name value` pairs after the mode).
struct BenchOptions {
    /// `latency` (broadcast delivery), `idle` (hold connections for memory readings) or `hello` (a bare
    /// SwiftNIO HTTP/1 server, the baseline for what NIO's codec alone costs per request).
    var mode = "latency"
    var host = "127.0.0.1"
    var port = 3000
    var cablePath = "/cable"
    var broadcastPath = "/_broadcast"
    /// Streams to spread subscribers over.
    var streams = 1
    /// Subscribers per stream.
    var subscribers = 1000
    /// Broadcasts per stream.
    var messages = 20
    /// Pause between broadcasts, in milliseconds.
    var intervalMs = 50
    /// Extra payload bytes per message.
    var payload = 64
    /// Seconds to hold idle connections (idle mode).
    var hold = 10
    /// Concurrent connection attempts.
    var connectConcurrency = 256

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("--") { options.mode = first; rest = rest.dropFirst() }
        while let name = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch name {
            case "--host": options.host = value
            case "--port": options.port = Int(value) ?? options.port
            case "--path": options.cablePath = value
            case "--broadcast-path": options.broadcastPath = value
            case "--streams": options.streams = Int(value) ?? options.streams
            case "--subscribers": options.subscribers = Int(value) ?? options.subscribers
            case "--messages": options.messages = Int(value) ?? options.messages
            case "--interval-ms": options.intervalMs = Int(value) ?? options.intervalMs
            case "--payload": options.payload = Int(value) ?? options.payload
            case "--hold": options.hold = Int(value) ?? options.hold
            case "--connect-concurrency": options.connectConcurrency = Int(value) ?? options.connectConcurrency
            default: print("unknown option \(name)")
            }
        }
        return options
    }

    /// Usage text.
    static let usage = """
        navigator-bench latency --port P [--streams 1] [--subscribers 1000] [--messages 20] [--interval-ms 50] [--payload 64]
        navigator-bench idle --port P --subscribers N [--hold 10]
        navigator-bench hello --port P   (serves `GET /` → "OK" with bare SwiftNIO until killed)
        Prints one JSON object with the results.
        """
}
