import HTTPTypes
import Logging
import NIOCore
import NavigatorConfig
import NavigatorCore
import NavigatorProcess

/// Runs one CGI request: starts the script, streams the request body to its stdin, reads its header section, and
/// streams the rest of its stdout as the response body (F16, D18).
///
/// * No header section before the timeout → the script is killed and the answer is **504** (D18; Navigator sent an
///   empty 200). A timeout while the body streams kills the script and ends the body early.
/// * The script cannot be started (not executable, unknown user, setuid refused) → **500** `Internal Server Error`.
/// * Headers without a blank line beyond 64 KiB → **502** `Bad Gateway`.
/// * The script exits without printing anything → 200 with an empty body after exit 0 (as Navigator), **502** after
///   a failure exit.
/// * The client goes away → the script is killed.
/// * After exit 0, `reload_config` asks the server for a reload.
struct CGIRunner: Sendable {
    /// The script entry.
    let spec: CGIScriptSpec
    /// The server's environment (the base of every script's).
    let baseEnvironment: [(String, String)]
    /// Where reload requests go.
    let reloadHook: ReloadHook
    /// Navigator's log.
    let logger: Logger

    /// Answers `request`.
    func respond(to request: Request, context: NavigatorRequestContext) async throws -> Response {
        context.record.update { $0.responseType = "cgi" }
        let environment = CGIEnvironment.variables(
            for: request, context: context, spec: spec, base: baseEnvironment, remoteUser: context.remoteUser)
        let process: CGIProcess
        do {
            let spec = spec
            let credentials = try await CGIProcess.io.runIfActive { try CGIAccount.credentials(user: spec.user, group: spec.group) }
            process = try await CGIProcess.spawn(
                script: spec.script, environment: environment,
                workingDirectory: Self.directory(of: spec.script),
                credentials: credentials)
        } catch {
            logger.error("CGI script failed to start", metadata: .ordered(["script": .string(spec.script), "error": .string("\(error)")]))
            context.record.update { $0.errorMessage = "\(error)" }
            throw HTTPFailure(.internalServerError, "Internal Server Error", responseType: "cgi")
        }
        let deadline = spec.timeout.map { ContinuousClock.now + $0 }
        let timer = deadline.map { deadline in
            Task {
                try? await Task.sleep(until: deadline)
                if !Task.isCancelled { process.kill() }
            }
        }
        let feeder = Task { await Self.feed(request.body, to: process) }

        // Header section.
        var buffered: [UInt8] = []
        var bodyStart: Int?
        while bodyStart == nil {
            let chunk = (try? await process.stdout.read()) ?? []
            if chunk.isEmpty { break }
            buffered += chunk
            bodyStart = CGIResponseHead.bodyStart(in: buffered)
            if bodyStart == nil, buffered.count > CGIResponseHead.maximumSize {
                process.kill()
                timer?.cancel()
                feeder.cancel()
                throw HTTPFailure(.badGateway, "Bad Gateway", responseType: "cgi")
            }
        }
        guard let start = bodyStart else {
            // End of output before a blank line: a timeout, or a script that printed only headers or nothing.
            let status = await process.exit.value
            timer?.cancel()
            feeder.cancel()
            if let deadline, ContinuousClock.now >= deadline {
                logger.warning("CGI script timed out", metadata: ["script": .string(spec.script)])
                throw HTTPFailure(.gatewayTimeout, "Gateway Timeout", responseType: "cgi")
            }
            if buffered.isEmpty, !status.isSuccess {
                throw HTTPFailure(.badGateway, "Bad Gateway", responseType: "cgi")
            }
            finished(status)
            let head = CGIResponseHead(parsing: buffered[...])
            return Response(status: .init(code: head.status), headers: head.fields, body: ResponseBody())
        }
        let head = CGIResponseHead(parsing: buffered[..<start])
        let leftover = Array(buffered[start...])
        let runner = self
        context.record.markStreamingBody()
        let body = ResponseBody { writer in
            do {
                if !leftover.isEmpty { try await writer.write(ByteBuffer(bytes: leftover)) }
                while true {
                    let chunk = try await process.stdout.read()
                    if chunk.isEmpty { break }
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            } catch {
                process.kill()
                timer?.cancel()
                feeder.cancel()
                throw error
            }
            timer?.cancel()
            feeder.cancel()
            runner.finished(await process.exit.value)
        }
        return Response(status: .init(code: head.status), headers: head.fields, body: body)
    }

    /// After the script exited: a successful run with `reload_config` asks for a reload.
    private func finished(_ status: ExitStatus) {
        guard status.isSuccess, let path = spec.reloadConfig else { return }
        if !reloadHook.request(configPath: path) {
            logger.warning("CGI reload_config requested but no reloader is installed", metadata: ["config": .string(path)])
        }
    }

    /// The directory holding `script` (an absolute path, D30): scripts run there, as Navigator runs them.
    static func directory(of script: String) -> String {
        guard let slash = script.lastIndex(of: "/"), slash != script.startIndex else { return "/" }
        return String(script[..<slash])
    }

    /// Streams the request body into the script's stdin, then closes it. A script that stops reading ends this early.
    private static func feed(_ body: RequestBody, to process: CGIProcess) async {
        do {
            for try await chunk in body {
                try await process.stdin.write(Array(buffer: chunk))
            }
        } catch {
            // The script closed stdin or exited: the rest of the body is not wanted.
        }
        process.stdin.close()
    }
}

