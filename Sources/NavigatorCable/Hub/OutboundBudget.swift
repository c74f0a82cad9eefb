import NIOCore

/// Accounting for one socket's outbound queue (the frames handed to the channel but not yet written), bounded in
/// messages **and** bytes (D17). A value-type state machine: decisions come back as values, no I/O here.
struct OutboundBudget: Sendable {
    /// What to do with a frame.
    enum Admission: Equatable {
        /// Write it.
        case accept
        /// A broadcast to a full queue: drop it for this socket (counted and logged).
        case drop
        /// A control frame to a queue far past its bound: the client is not reading at all; close it.
        case overflow
    }

    /// What kind of frame asks to be queued.
    enum Kind {
        /// A broadcast message: dropped when the queue is full.
        case broadcast
        /// An ack, ping or pong: never dropped (the client's reconnect logic depends on acks), but bounded hard.
        case control
    }

    /// Bound in messages.
    let maxMessages: Int
    /// Bound in bytes.
    let maxBytes: Int
    /// Frames queued and not yet written.
    private(set) var pendingMessages = 0
    /// Bytes queued and not yet written.
    private(set) var pendingBytes = 0
    /// When the queue last made progress (a write completed, or it became non-empty).
    private(set) var lastProgress = NIODeadline.distantPast

    /// Control frames may exceed the message bound by this much before the socket counts as dead.
    var controlHeadroom: Int { maxMessages + 16 }

    /// Decides about a frame of `bytes` bytes and books it if accepted.
    mutating func admit(bytes: Int, kind: Kind, now: NIODeadline) -> Admission {
        switch kind {
        case .broadcast:
            // An empty queue takes any one message, so a message larger than the byte bound is still deliverable.
            if pendingMessages > 0, pendingMessages + 1 > maxMessages || pendingBytes + bytes > maxBytes {
                return .drop
            }
        case .control:
            if pendingMessages >= maxMessages + controlHeadroom { return .overflow }
        }
        if pendingMessages == 0 { lastProgress = now }
        pendingMessages += 1
        pendingBytes += bytes
        return .accept
    }

    /// Books a finished (written or failed) frame of `bytes` bytes.
    mutating func completed(bytes: Int, now: NIODeadline) {
        pendingMessages = max(0, pendingMessages - 1)
        pendingBytes = max(0, pendingBytes - bytes)
        lastProgress = now
    }

    /// Whether queued frames have made no progress for longer than `timeout` (the 10 s write deadline).
    func stalled(now: NIODeadline, timeout: TimeAmount) -> Bool {
        pendingMessages > 0 && now - lastProgress > timeout
    }
}
