import Foundation
import NavigatorCableClient
import NIOCore
import NIOWebSocket
import Synchronization

/// A connected WebSocket client whose events can be awaited one by one.
final class TestSocket: Sendable {
    /// Why waiting failed.
    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    let client: CableClient
    private let inbox: Inbox

    private init(client: CableClient, inbox: Inbox) {
        self.client = client
        self.inbox = inbox
    }

    /// Connects and upgrades on `path`.
    static func connect(
        port: Int, path: String = "/cable", host: String = "127.0.0.1", headers: [(String, String)] = [],
        localAddress: String? = nil, autoPong: Bool = true
    ) async throws -> TestSocket {
        let inbox = Inbox()
        let client = try await CableClient.connect(
            host: host, port: port, path: path, headers: headers, localAddress: localAddress, autoPong: autoPong
        ) { event in inbox.append(event) }
        return TestSocket(client: client, inbox: inbox)
    }

    /// The next event, or `nil` after the disconnect was consumed.
    func next(timeout: Duration = .seconds(5), what: String = "an event") async throws -> ClientEvent? {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch inbox.take() {
            case .some(let event): return event
            case .none where inbox.finished: return nil
            case .none:
                guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// The next text message, skipping pings (unless asked for) and pong frames.
    func nextText(timeout: Duration = .seconds(5), skipPings: Bool = true) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, let event = try await next(timeout: remaining, what: "a text message") else {
                throw Timeout(what: "a text message")
            }
            switch event {
            case .text(#"{"type":"ping"}"#) where skipPings: continue
            case .text(let text): return text
            case .ping, .pong: continue
            default: throw Timeout(what: "a text message, got \(event)")
            }
        }
    }

    /// Events during `duration` (stops early at disconnect).
    func events(for duration: Duration) async throws -> [ClientEvent] {
        var seen: [ClientEvent] = []
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            do {
                guard let event = try await next(timeout: deadline - ContinuousClock.now) else { break }
                seen.append(event)
                if event == .disconnected { break }
            } catch is Timeout {
                break
            }
        }
        return seen
    }

    /// Waits until the server closes the connection; returns the close code seen (if a close frame came).
    func closeCode(timeout: Duration = .seconds(5)) async throws -> UInt16? {
        var code: UInt16?
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, let event = try await next(timeout: remaining, what: "the close") else { return code }
            if case .close(let value) = event { code = value }
            if event == .disconnected { return code }
        }
    }

    /// Sends a text message.
    func send(_ text: String) { client.send(text: text) }

    /// Subscribes and waits for the ack.
    func subscribe(_ stream: String) async throws {
        send(#"{"type":"subscribe","stream":"\#(stream)"}"#)
        let ack = try await nextText()
        guard ack == #"{"type":"subscribed","stream":"\#(stream)"}"# else { throw Timeout(what: "ack, got \(ack)") }
    }
}

/// Events received and not yet consumed.
private final class Inbox: Sendable {
    private struct State {
        var queue: [ClientEvent] = []
        var head = 0
        var finished = false
    }

    private let state = Mutex(State())

    func append(_ event: ClientEvent) { state.withLock { $0.queue.append(event) } }

    /// The oldest unconsumed event; marks the inbox finished when it hands out the disconnect.
    func take() -> ClientEvent? {
        state.withLock { state in
            guard state.head < state.queue.count else { return nil }
            let event = state.queue[state.head]
            state.head += 1
            if event == .disconnected { state.finished = true }
            return event
        }
    }

    var finished: Bool { state.withLock { $0.finished } }
}
