/// What a request gets when it asks for its tenant's app.
public enum TenantAcquisition: Sendable, Equatable {
    /// Ready on this port: proxy to it.
    case ready(port: Int)
    /// Not ready within `startup_timeout`: serve the maintenance page (F28).
    case timedOut
    /// The start failed (no free port, spawn error, unknown user, early exit): 500.
    case failed(String)
    /// The waiting request was cancelled (client gone: 499).
    case cancelled
}

/// One request's hold on an app: keeps it from being idle-stopped until `release` (call it exactly once).
public struct TenantLease: Sendable {
    /// The outcome of the acquisition.
    public let outcome: TenantAcquisition
    /// The app.
    let app: TenantApp

    /// Ends the request's hold.
    public func release() async {
        if case .ready(let port) = outcome {
            await app.release(port: port)
        } else {
            await app.release(port: nil)
        }
    }

    /// A WebSocket to the app opened; counted when the tenant tracks WebSockets (F29, D4).
    public func websocketOpened() async {
        await app.websocketOpened()
    }

    /// The WebSocket closed.
    public func websocketClosed() async {
        await app.websocketClosed()
    }
}

/// What the supervisor knows about an app without asking it (for `max_size` eviction).
struct TenantAppSnapshot: Sendable, Equatable {
    var isRunning: Bool
    var isIdle: Bool
    var lastActivity: ContinuousClock.Instant
}
