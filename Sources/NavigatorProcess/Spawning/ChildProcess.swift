import CNavigatorSpawn
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A running child: the leader of its own session and process group, watched until it exits.
///
/// Every child is forked with `setsid` (so one signal reaches the whole group: Puma, `bundle exec`, shell wrappers),
/// with `PR_SET_PDEATHSIG` = SIGTERM (so it goes away if the server dies, even by SIGKILL), with no server file
/// descriptors (a leaked listener would keep the server's port busy), and with default signal dispositions.
public final class ChildProcess: Sendable {
    /// Process id; also the process group id.
    public let pid: Int32
    /// When the process started, in clock ticks since boot (`/proc/<pid>/stat` field 22); `nil` if unreadable.
    public let startTime: UInt64?
    private let exit = OneShot<ExitStatus>()
    private let outputClosed = OneShot<Void>()
    private let openStreams = Mutex(2)

    private init(pid: Int32) {
        self.pid = pid
        self.startTime = ProcessTable.startTime(of: pid)
    }

    /// Starts a child; its stdout and stderr lines go to `output` as `source` (or to /dev/null when `output` is nil).
    public static func spawn(
        _ request: SpawnRequest, source: String, output: ChildOutputSink?
    ) async throws -> ChildProcess {
        let environment = request.resolvedEnvironment
        let path = environment.last(where: { $0.0 == "PATH" })?.1
        guard let executable = ExecutableLookup.resolve(request.executable, path: path, workingDirectory: request.workingDirectory) else {
            throw SpawnError(step: "lookup", code: ENOENT, executable: request.executable)
        }
        var outPipe: (read: Int32, write: Int32) = (-1, -1)
        var errPipe: (read: Int32, write: Int32) = (-1, -1)
        if output != nil {
            outPipe = try makePipe()
            errPipe = try makePipe()
        }
        let argv = [request.executable] + request.arguments
        let envp = environment.map { "\($0.0)=\($0.1)" }
        let pidOrError: Result<Int32, SpawnError> = await SpawnerThread.shared.run { [outPipe, errPipe] in
            forkAndExec(
                path: executable, argv: argv, envp: envp, request: request,
                stdoutFD: outPipe.write, stderrFD: errPipe.write
            )
        }
        if outPipe.write >= 0 { close(outPipe.write) }
        if errPipe.write >= 0 { close(errPipe.write) }
        let pid: Int32
        switch pidOrError {
        case .success(let value):
            pid = value
        case .failure(let error):
            if outPipe.read >= 0 { close(outPipe.read) }
            if errPipe.read >= 0 { close(errPipe.read) }
            throw error
        }
        let child = ChildProcess(pid: pid)
        if let output {
            OutputPump.start(fd: outPipe.read, onLine: { output(ChildOutputLine(source: source, stream: .stdout, text: $0)) },
                             onClose: child.streamClosed)
            OutputPump.start(fd: errPipe.read, onLine: { output(ChildOutputLine(source: source, stream: .stderr, text: $0)) },
                             onClose: child.streamClosed)
        } else {
            child.outputClosed.resolve(())
        }
        child.watchExit()
        return child
    }

    /// Resolves once the child has exited (its group has been sent SIGKILL so no stragglers keep its port).
    public var exitStatus: ExitStatus {
        get async { await exit.value }
    }

    /// Waits until both output pipes reached end of file (every line has been delivered), at most `limit`.
    public func waitForOutput(limit: Duration) async {
        _ = await outputClosed.value(within: limit)
    }

    /// One pipe reached end of file.
    @Sendable private func streamClosed() {
        let remaining = openStreams.withLock { count in
            count -= 1
            return count
        }
        if remaining == 0 { outputClosed.resolve(()) }
    }

    /// The exit status, or `nil` if the child is still running after `limit` (or the waiting task was cancelled).
    public func exitStatus(within limit: Duration?) async -> ExitStatus? {
        await exit.value(within: limit)
    }

    /// The exit status if it already exited.
    public var exitedStatus: ExitStatus? { exit.current }

    /// Sends `signal` to the child's whole process group.
    public func signalGroup(_ signal: Int32) {
        guard exit.current == nil else { return }
        kill(-pid, signal)
    }

    /// Stops the child (D8): SIGTERM to its group, up to `grace` for it to exit, then SIGKILL.
    @discardableResult
    public func terminate(grace: Duration) async -> ExitStatus {
        signalGroup(SIGTERM)
        if let exited = await exit.value(within: grace) { return exited }
        signalGroup(SIGKILL)
        return await exitStatus
    }

    /// Waits on a dedicated thread: `waitid(WNOWAIT)` first, so the group can be killed while the zombie still
    /// reserves the pid (no chance of signalling a reused group id), then reaps.
    private func watchExit() {
        let pid = self.pid
        let exit = self.exit
        DedicatedThread.start {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exit.resolve(ExitStatus(waitStatus: status))
        }
    }

    /// A close-on-exec pipe.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard navigator_cloexec_pipe(&fds) == 0 else { throw SpawnError(step: "pipe", code: errno, executable: "") }
        return (fds[0], fds[1])
    }

    /// Runs the C helper with C strings that live for the duration of the call.
    private static func forkAndExec(
        path: String, argv: [String], envp: [String], request: SpawnRequest, stdoutFD: Int32, stderrFD: Int32
    ) -> Result<Int32, SpawnError> {
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnvp = envp.map { strdup($0) } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvp.forEach { free($0) }
        }
        var failedErrno: Int32 = 0
        var failedStep: Int32 = 0
        let pid: Int32 = path.withCString { cPath in
            withOptionalCString(request.workingDirectory) { cwd in
                withOptionalCString(request.cgroupProcsPath) { cgroup in
                    cArgv.withUnsafeBufferPointer { argvBuffer in
                        cEnvp.withUnsafeBufferPointer { envpBuffer in
                            var options = navigator_spawn_options()
                            options.path = cPath
                            options.argv = argvBuffer.baseAddress
                            options.envp = envpBuffer.baseAddress
                            options.cwd = cwd
                            options.stdin_fd = -1
                            options.stdout_fd = stdoutFD
                            options.stderr_fd = stderrFD
                            options.new_session = 1
                            options.death_signal = SIGTERM
                            if let credentials = request.credentials {
                                options.set_ids = 1
                                options.uid = credentials.uid
                                options.gid = credentials.gid
                            }
                            options.cgroup_procs = cgroup
                            return navigator_spawn(&options, &failedErrno, &failedStep)
                        }
                    }
                }
            }
        }
        if pid > 0 { return .success(pid) }
        return .failure(SpawnError(step: SpawnError.stepName(failedStep), code: failedErrno, executable: request.executable))
    }

    private static func withOptionalCString<T>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}
