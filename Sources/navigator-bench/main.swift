import FoundationEssentials
import NavigatorCableClient
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// `navigator-bench`: opens N WebSocket clients against a running server, subscribes them, sends broadcasts
/// through the broadcast endpoint and reports delivery latency; or holds N idle clients so the server's memory
/// per connection can be read. Loopback only; every wait is bounded.

/// Monotonic nanoseconds (shared by sender and receivers: same process).
func monotonicNow() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Raises the open-file limit to the hard limit (10k sockets need more than the usual 1024).
func raiseFileLimit() {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// Connects `count` clients, each subscribed to stream `index % streams`; waits for every ack.
func connectClients(_ options: BenchOptions, count: Int, recorder: DeliveryRecorder) async throws -> [CableClient] {
    var clients: [CableClient] = []
    clients.reserveCapacity(count)
    var next = 0
    try await withThrowingTaskGroup(of: CableClient.self) { group in
        func launch(_ index: Int) {
            group.addTask {
                let client = try await CableClient.connect(host: options.host, port: options.port, path: options.cablePath) { event in
                    if case .text(let text) = event { recorder.received(text, now: monotonicNow()) }
                }
                client.send(text: #"{"type":"subscribe","stream":"bench-\#(index % max(1, options.streams))"}"#)
                return client
            }
        }
        while next < min(count, options.connectConcurrency) { launch(next); next += 1 }
        while let client = try await group.next() {
            clients.append(client)
            if next < count { launch(next); next += 1 }
        }
    }
    let deadline = ContinuousClock.now + .seconds(60)
    while recorder.acks < count {
        guard ContinuousClock.now < deadline else { throw BenchError.timeout("acks: \(recorder.acks)/\(count)") }
        try await Task.sleep(for: .milliseconds(10))
    }
    return clients
}

/// The p-th percentile (0…100) of sorted values, in milliseconds.
func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)
    return Double(sorted[max(0, index)]) / 1_000_000
}

/// Formats milliseconds with 3 decimals.
func ms(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(abs(thousandths) % 1000)
    return (thousandths < 0 ? "-" : "") + "\(abs(thousandths) / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

/// Latency mode.
func runLatency(_ options: BenchOptions) async throws {
    let recorder = DeliveryRecorder()
    let total = options.streams * options.subscribers
    let connectStart = ContinuousClock.now
    let clients = try await connectClients(options, count: total, recorder: recorder)
    let connectTime = ContinuousClock.now - connectStart
    let poster = BroadcastPoster(host: options.host, port: options.port, path: options.broadcastPath)
    let filler = String(repeating: "x", count: options.payload)
    var postTimes: [UInt64] = []
    for message in 0..<options.messages {
        for stream in 0..<options.streams {
            let start = monotonicNow()
            let body = #"{"stream":"bench-\#(stream)","data":{"id":\#(message),"t":\#(start),"pad":"\#(filler)"}}"#
            let status = try poster.post(body)
            postTimes.append(monotonicNow() - start)
            guard status == 200 else { throw BenchError.io("broadcast status \(status)") }
        }
        try await Task.sleep(for: .milliseconds(options.intervalMs))
    }
    let expected = options.messages * total
    let deadline = ContinuousClock.now + .seconds(10)
    while recorder.delivered < expected, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
    }
    let latencies = recorder.latencies.sorted()
    let posts = postTimes.sorted()
    for client in clients { client.disconnect() }
    print("""
        {"mode":"latency","streams":\(options.streams),"subscribers_per_stream":\(options.subscribers),\
        "connections":\(total),"messages_per_stream":\(options.messages),"expected":\(expected),\
        "delivered":\(latencies.count),"lost":\(expected - latencies.count),\
        "p50_ms":\(ms(percentile(latencies, 50))),"p95_ms":\(ms(percentile(latencies, 95))),\
        "p99_ms":\(ms(percentile(latencies, 99))),"max_ms":\(ms(percentile(latencies, 100))),\
        "broadcast_post_p50_ms":\(ms(percentile(posts, 50))),"broadcast_post_max_ms":\(ms(percentile(posts, 100))),\
        "connect_seconds":\(ms(Double(connectTime.components.seconds) + Double(connectTime.components.attoseconds) / 1e18))}
        """)
}

/// Idle mode: hold connections until `--hold` seconds pass.
func runIdle(_ options: BenchOptions) async throws {
    let recorder = DeliveryRecorder()
    let clients = try await connectClients(options, count: options.subscribers, recorder: recorder)
    print(#"{"mode":"idle","ready":true,"connections":\#(clients.count)}"#)
    fflush(nil)
    try await Task.sleep(for: .seconds(options.hold))
    for client in clients { client.disconnect() }
    print(#"{"mode":"idle","done":true}"#)
}

// As in `navigator`: the hello baseline must run its tasks the way the server does. Before any task exists.
if CommandLine.arguments.dropFirst().first == "hello" {
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
raiseFileLimit()
let options = BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
do {
    switch options.mode {
    case "latency": try await runLatency(options)
    case "idle": try await runIdle(options)
    case "hello": try await runHello(options)
    default:
        print(BenchOptions.usage)
        exit(2)
    }
} catch {
    print(#"{"error":"\#(error)"}"#)
    exit(1)
}
