import NavigatorConfig
import NavigatorCore

/// F22, §1b, D13, D15: one JSON line per request, written when the response body has been sent (or has failed);
/// for a body already in memory, when it is handed to the connection.
///
/// It sits outside the error boundary, so it normally sees every outcome as a response; anything still thrown past
/// the boundary is logged as the 500 the client will get (`response_type: error`) and rethrown. The line is built from what the request
/// looked like on arrival, the fields inner stages put in `context.record`, and the body bytes actually written.
struct AccessLogMiddleware: NavigatorMiddleware {
    /// `server.trust_proxy` — take `client_ip` from `X-Forwarded-For` (D15).
    let trustProxy: Bool
    /// Receives each finished line.
    let sink: @Sendable (String) -> Void
    /// Produces `@timestamp` (injectable for tests).
    let timestamp: @Sendable () -> String
    /// Request counts and durations for `/metrics`; `nil` when metrics are off.
    var metrics: RequestMetrics?

    /// Creates the stage.
    init(
        trustProxy: Bool, sink: @escaping @Sendable (String) -> Void,
        timestamp: @escaping @Sendable () -> String = AccessLogTimestamp.now
    ) {
        self.trustProxy = trustProxy
        self.sink = sink
        self.timestamp = timestamp
    }

    /// The pipeline factory: the access log is always on.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> AccessLogMiddleware? {
        var stage = AccessLogMiddleware(trustProxy: configuration.server.trustProxy, sink: services.accessLogSink)
        stage.metrics = RequestMetrics.make(tenants: configuration.applications.tenants.map { ($0.name, $0.path) })
        return stage
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        let info = AccessLogRequestInfo(request: request, context: context, trustProxy: trustProxy)
        let record = context.record
        metrics?.started()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Nothing outside this stage turns errors into responses, so the client gets the server's bare 500.
            record.update { fields in
                if fields.responseType == nil { fields.responseType = "error" }
                if fields.errorMessage == nil { fields.errorMessage = String(describing: error) }
            }
            let fields = record.snapshot
            emit(info: info, fields: fields, status: fields.statusOverride ?? 500, bytes: 0)
            throw error
        }
        if let slot = context.upgrade, let acceptance = slot.acceptance {
            logWhenClosed(acceptance, in: slot, record: record, info: info)
            return response
        }
        let status = Int(response.status.code)
        if let length = record.inMemoryLength(of: response.body) {
            // An in-memory body: wrapping it would make the connection write the head and the body separately
            // (two syscalls instead of one), for a count already known. Like Go's buffered writer, a client that left
            // is not noticed for such a body, unless the connection's task was cancelled (shutdown cut it).
            var fields = record.snapshot
            if Task.isCancelled {
                fields.responseType = "client_closed"
                emit(info: info, fields: fields, status: 499, bytes: 0)
            } else {
                emit(info: info, fields: fields, status: fields.statusOverride ?? status, bytes: length)
            }
            return response
        }
        let completion = AccessLogCompletion { [self] outcome, bytes in
            var fields = record.snapshot
            var loggedStatus = fields.statusOverride ?? status
            switch outcome {
            case .completed:
                break
            case .clientClosed:
                loggedStatus = 499
                fields.responseType = "client_closed"
            case .producerFailed(let message):
                if fields.responseType == nil { fields.responseType = "error" }
                if fields.errorMessage == nil { fields.errorMessage = message }
            }
            emit(info: info, fields: fields, status: loggedStatus, bytes: bytes)
        }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            let counting = CountingResponseBodyWriter(inner: writer, completion: completion)
            do {
                try await body.write(counting)
                completion.complete(.completed)
            } catch {
                // A client that left cancels the request (the connection does), so its producer stops with that.
                let clientLeft = completion.writeFailed || error is CancellationError || Task.isCancelled
                completion.complete(clientLeft ? .clientClosed : .producerFailed(String(describing: error)))
                throw error
            }
        }
        return response
    }

    /// Builds and writes one line with the final `status`.
    func emit(info: AccessLogRequestInfo, fields: RequestRecord.Fields, status: Int, bytes: Int) {
        let elapsed = info.start.duration(to: .now)
        metrics?.finished(tenantName: fields.tenant, method: info.method, status: status, duration: elapsed)
        let remoteUser = fields.remoteUser.flatMap { $0.isEmpty ? nil : $0 } ?? info.headerUser ?? "-"
        let entry = AccessLogEntry(
            timestamp: timestamp(),
            clientIP: info.clientIP,
            remoteUser: remoteUser,
            method: info.method,
            uri: info.uri(rewrittenPath: fields.rewrittenPath),
            httpProtocol: info.httpProtocol,
            status: status,
            bodyBytesSent: bytes,
            requestID: info.requestID,
            requestTime: AccessLogEntry.formatSeconds(elapsed),
            referer: info.referer,
            userAgent: info.userAgent,
            flyRequestID: info.flyRequestID,
            tenant: fields.tenant,
            responseType: fields.responseType,
            destination: fields.destination,
            proxyBackend: fields.proxyBackend,
            filePath: fields.filePath,
            errorMessage: fields.errorMessage
        )
        sink(entry.jsonLine)
    }
}
