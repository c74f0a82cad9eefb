public import HTTPTypes
public import Logging
public import NIOCore
public import NIOWebSocket
import Synchronization

/// Handles an upgraded connection's WebSocket frames until it closes.
public typealias WebSocketFrameHandler = @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, Logger) async -> Void

/// Where a middleware asks for the connection to be upgraded to WebSocket.
///
/// A request carrying `Upgrade: websocket` first runs through the pipeline as an *upgrade probe*: its context has a
/// slot. A stage that takes the upgrade (the cable hub, a tenant or reverse-proxy WebSocket) calls `accept`, and the
/// server channel then answers 101 with `headers` and hands the frames to `handler`. If no stage accepts, the same
/// request runs through the pipeline again as a plain HTTP request, so it gets the answer any other request would
/// (401, 404, the tenant's own response…).
public final class UpgradeSlot: Sendable {
    /// An accepted upgrade.
    public struct Acceptance: Sendable {
        /// Extra headers for the 101 response (e.g. the chosen `Sec-WebSocket-Protocol`).
        public var headers: HTTPFields
        /// Runs the upgraded connection.
        public var handler: WebSocketFrameHandler
    }

    private let state = Mutex<Acceptance?>(nil)

    /// An empty slot.
    public init() {}

    /// Takes the upgrade; the last call wins.
    public func accept(headers: HTTPFields = [:], handler: @escaping WebSocketFrameHandler) {
        state.withLock { $0 = Acceptance(headers: headers, handler: handler) }
    }

    /// The acceptance, if a stage took the upgrade.
    public var acceptance: Acceptance? { state.withLock { $0 } }
}
