public import NIOCore
import NIOWebSocket
import Synchronization

/// One upgraded `/cable` socket as the hub sees it: its channel, its limits and its small mutable state.
///
/// Writes go straight to the NIO channel (its outbound buffer is the queue); `OutboundBudget` bounds that queue,
/// so a broadcast decides accept/drop synchronously and never waits on the client. Every method is safe to call
/// from any thread, and after `close` every call is a no-op.
public final class CableConnection: Sendable {
    /// The mutable part, behind one lock.
    struct State: Sendable {
        var budget: OutboundBudget
        var liveness: Liveness
        var closed = false
        var dropped = 0
    }

    /// How long a close frame may take to leave before the socket is closed anyway.
    static let closeGrace = TimeAmount.seconds(1)

    /// The socket.
    public let channel: any Channel
    /// Limits of this socket.
    let limits: ConnectionLimits
    private let state: Mutex<State>
    /// The WebSocket frame encoder's place in the pipeline: bytes written from it skip the encoder, so a broadcast
    /// encoded once (`EncodedFrame`) goes out as it is. `nil` sends every frame through the encoder.
    private let encoder: NIOLoopBound<ChannelHandlerContext>?

    /// Wraps an upgraded channel; `encoder` is the context of its `WebSocketFrameEncoder`, when known.
    public init(channel: any Channel, limits: ConnectionLimits, encoder: ChannelHandlerContext? = nil, now: NIODeadline = .now()) {
        self.channel = channel
        self.limits = limits
        self.encoder = encoder.map { NIOLoopBound($0, eventLoop: channel.eventLoop) }
        self.state = Mutex(State(
            budget: OutboundBudget(maxMessages: limits.queueMessages, maxBytes: limits.queueBytes),
            liveness: Liveness(now: now, limits: limits)
        ))
    }

    /// Broadcasts dropped for this socket so far.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// Whether the socket was closed by the hub or the session.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Books a frame; `.accept` means the caller must then `write` it.
    func admit(bytes: Int, kind: OutboundBudget.Kind) -> OutboundBudget.Admission {
        let now = NIODeadline.now()
        return state.withLock { state in
            guard !state.closed else { return .drop }
            let admission = state.budget.admit(bytes: bytes, kind: kind, now: now)
            if admission == .drop { state.dropped += 1 }
            return admission
        }
    }

    /// Writes an admitted text frame; must run on the channel's event loop.
    func writeAdmitted(_ payload: ByteBuffer, opcode: WebSocketOpcode = .text) {
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: opcode, data: payload), promise: completion(bytes: payload.readableBytes))
    }

    /// Writes an admitted broadcast frame, encoded once for all its subscribers; must run on the channel's event loop.
    func writeAdmitted(_ frame: EncodedFrame) {
        let promise = completion(bytes: frame.payload.readableBytes)
        if let encoder {
            encoder.value.writeAndFlush(NIOAny(frame.wire), promise: promise)
        } else {
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: frame.payload), promise: promise)
        }
    }

    /// A promise that books the frame of `bytes` bytes as done when its write ends, and closes the socket if it failed.
    private func completion(bytes: Int) -> EventLoopPromise<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { [self] result in
            let now = NIODeadline.now()
            state.withLock { $0.budget.completed(bytes: bytes, now: now) }
            // Navigator: a failed write ends the connection.
            if case .failure = result { close(code: nil) }
        }
        return promise
    }

    /// Sends a control-class frame (ack, ping, pong frame) from any thread; closes a socket that has stopped reading.
    func sendControl(_ payload: ByteBuffer, opcode: WebSocketOpcode = .text) {
        switch admit(bytes: payload.readableBytes, kind: .control) {
        case .accept:
            if channel.eventLoop.inEventLoop {
                writeAdmitted(payload, opcode: opcode)
            } else {
                channel.eventLoop.execute { self.writeAdmitted(payload, opcode: opcode) }
            }
        case .drop:
            break
        case .overflow:
            close(code: nil)
        }
    }

    /// A pong (JSON or frame) arrived.
    func pong() {
        let now = NIODeadline.now()
        state.withLock { $0.liveness.pong(now: now, limits: limits) }
    }

    /// The ticker's look at this socket: sends a due ping, closes it when its pong deadline or write deadline passed.
    func tick(now: NIODeadline) {
        enum Action { case nothing, ping, close }
        let action: Action = state.withLock { state in
            guard !state.closed else { return .nothing }
            if state.budget.stalled(now: now, timeout: limits.writeTimeout) { return .close }
            switch state.liveness.check(now: now, limits: limits) {
            case .nothing: return .nothing
            case .ping: return .ping
            case .expired: return .close
            }
        }
        switch action {
        case .nothing: break
        case .ping: sendControl(CableFrames.ping)
        // Like Navigator, a dead peer gets no close frame (it would not read it).
        case .close: close(code: nil)
        }
    }

    /// Closes the socket once: with a close frame carrying `code` (flushed first), or abruptly when `nil`.
    public func close(code: WebSocketErrorCode?) {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        guard let code else {
            channel.close(promise: nil)
            return
        }
        var payload = channel.allocator.buffer(capacity: 2)
        payload.write(webSocketErrorCode: code)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)
        channel.writeAndFlush(frame).whenComplete { [channel] _ in channel.close(promise: nil) }
        // A client that stopped reading never lets the close frame out; do not wait for it forever.
        channel.eventLoop.scheduleTask(in: Self.closeGrace) { [channel] in channel.close(promise: nil) }
    }
}
