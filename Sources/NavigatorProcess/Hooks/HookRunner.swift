public import Logging

#if canImport(Glibc)
import Glibc
#endif
public import NavigatorConfig

/// Runs lifecycle hooks (F5): sequentially, exec without a shell, output logged at INFO ("Hook output"); the first
/// failure (not found, non-zero exit, killed by its timeout) logs ERROR "Hook execution failed" and aborts the list.
public struct HookRunner: Sendable {
    /// Navigator's log.
    public var logger: Logger

    /// Creates a runner.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Runs `hooks` in order with `environment`; returns whether all succeeded.
    @discardableResult
    public func run(_ hooks: [HookSpec], environment: [(String, String)], kind: String) async -> Bool {
        for hook in hooks {
            if await !run(hook, environment: environment, kind: kind) { return false }
        }
        return true
    }

    /// Runs one hook; returns whether it succeeded.
    public func run(_ hook: HookSpec, environment: [(String, String)], kind: String) async -> Bool {
        let collected = CollectedOutput()
        let request = SpawnRequest(executable: hook.command, arguments: hook.args, environment: environment)
        let metadata: Logger.Metadata = ["type": .string(kind), "command": .string(hook.command)]
        let child: ChildProcess
        do {
            child = try await ChildProcess.spawn(request, source: hook.command) { collected.append($0.text) }
        } catch {
            logger.error("Hook execution failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return false
        }
        var status: ExitStatus
        if let finished = await child.exitStatus(within: hook.timeout) {
            status = finished
        } else {
            // Timed out (or shutting down): kill it; it counts as failed even if it exits 0 on SIGTERM.
            await child.terminate(grace: .zero)
            status = .signaled(SIGKILL)
        }
        // A daemonised grandchild may keep the pipe open; the hook's own output is complete at its exit.
        await child.waitForOutput(limit: .seconds(1))
        let output = collected.text
        if !output.isEmpty {
            logger.info("Hook output", metadata: metadata.merging(["output": .string(output)]) { $1 })
        }
        guard status.isSuccess else {
            logger.error("Hook execution failed", metadata: metadata.merging(["status": "\(status)"]) { $1 })
            return false
        }
        return true
    }
}

import Synchronization

/// A hook's combined output.
private final class CollectedOutput: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
