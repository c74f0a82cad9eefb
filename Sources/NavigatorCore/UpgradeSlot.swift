public import HTTPTypes
public import Logging
public import NIOCore
public import NIOWebSocket
import Synchronization

/// Handles an upgraded connection's WebSocket frames until it closes.
public typealias WebSocketFrameHandler = @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, Logger) async -> Void

/// Adds channel handlers that serve an upgraded connection by themselves; runs on the channel's event loop, right
/// after the 101. No task waits on such a connection's frames, so an idle socket costs only its handlers.
public typealias WebSocketChannelInstaller = @Sendable (any Channel) throws -> Void

/// Where a middleware asks for the connection to be upgraded to WebSocket.
///
/// A `GET` that asks to switch protocols (`Upgrade`, and `upgrade` among its `Connection` tokens) runs through the
/// pipeline once, with a slot in its context. A stage that takes the upgrade (the cable hub, a tenant or
/// reverse-proxy WebSocket) calls `accept`, and the connection then answers 101 with `headers` and hands the frames
/// to the service. If no stage accepts, the response the pipeline returned is the answer, as for any other request
/// (401, 404, the tenant's own response…): nothing runs twice.
public final class UpgradeSlot: Sendable {
    /// An accepted upgrade.
    public struct Acceptance: Sendable {
        /// Extra headers for the 101 response (e.g. the chosen `Sec-WebSocket-Protocol`).
        public var headers: HTTPFields
        /// Runs the upgraded connection.
        public var service: Service
    }

    /// How an upgraded connection is served.
    public enum Service: Sendable {
        /// A task reads the frames (tunnels to an upstream, which need to await it).
        case frames(WebSocketFrameHandler)
        /// Channel handlers serve it without a task (the cable hub's sockets, thousands of them mostly idle).
        case channel(WebSocketChannelInstaller)
    }

    private let state = Mutex<Acceptance?>(nil)

    /// An empty slot.
    public init() {}

    /// Takes the upgrade; the last call wins.
    public func accept(headers: HTTPFields = [:], handler: @escaping WebSocketFrameHandler) {
        accept(Acceptance(headers: headers, service: .frames(handler)))
    }

    /// Takes the upgrade, to be served by the handlers `install` adds; the last call wins.
    public func accept(headers: HTTPFields = [:], install: @escaping WebSocketChannelInstaller) {
        accept(Acceptance(headers: headers, service: .channel(install)))
    }

    /// Takes the upgrade as `acceptance` describes; the last call wins.
    public func accept(_ acceptance: Acceptance) {
        state.withLock { $0 = acceptance }
    }

    /// The acceptance, if a stage took the upgrade.
    public var acceptance: Acceptance? { state.withLock { $0 } }
}
