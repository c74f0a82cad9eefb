import CNavigatorSpawn
import FoundationEssentials
import NIOPosix
import NavigatorProcess

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One running CGI script: its own session and process group, stdin and stdout on pipes, stderr shared with the
/// server's (so script errors land in Navigator's output as they do with Apache).
///
/// Pipe I/O is blocking and runs on `CGIProcess.io`, a pool of its own, so a slow script never holds an event loop
/// or the threads static files and password hashing use. Reads and writes are naturally back-pressured: the next
/// chunk is read only after the client took the previous one.
final class CGIProcess: Sendable {
    /// Why a script could not start.
    struct SpawnFailure: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        var description: String { "\(step) failed: \(String(cString: strerror(code)))" }
    }

    /// The threads that block in `read`/`write`/`waitpid` for CGI scripts.
    static let io: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    /// Process id (and process group id).
    let pid: Int32
    /// Write end of the script's stdin.
    let stdin: PipeDescriptor
    /// Read end of the script's stdout.
    let stdout: PipeDescriptor
    /// Resolves when the script has exited and been reaped.
    let exit = OneShot<ExitStatus>()

    private init(pid: Int32, stdin: Int32, stdout: Int32) {
        self.pid = pid
        self.stdin = PipeDescriptor(stdin)
        self.stdout = PipeDescriptor(stdout)
    }

    /// Starts `script` (absolute path) in `workingDirectory` with `environment`, as `credentials` when given.
    static func spawn(
        script: String, environment: [(String, String)], workingDirectory: String, credentials: Credentials?
    ) async throws -> CGIProcess {
        // Writing to a pipe whose reader exited raises SIGPIPE; the server must get EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        let input = try makePipe()
        let output = try makePipe()
        let result = try await io.runIfActive { () -> Result<Int32, SpawnFailure> in
            forkAndExec(
                script: script, environment: environment, workingDirectory: workingDirectory,
                credentials: credentials, stdinFD: input.read, stdoutFD: output.write)
        }
        close(input.read)
        close(output.write)
        switch result {
        case .success(let pid):
            let process = CGIProcess(pid: pid, stdin: input.write, stdout: output.read)
            process.watchExit()
            return process
        case .failure(let failure):
            close(input.write)
            close(output.read)
            throw failure
        }
    }

    /// Kills the script's whole process group (timeout, client gone).
    func kill() {
        guard exit.current == nil else { return }
        Glibc.kill(-pid, SIGKILL)
    }

    /// Reaps the child on a dedicated thread (a script may outlive every reader) and resolves `exit`.
    private func watchExit() {
        let pid = self.pid
        let exit = self.exit
        DedicatedThread.start {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7F
            _ = exit.resolve(signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal))
        }
    }

    /// A close-on-exec pipe.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard navigator_cloexec_pipe(&fds) == 0 else { throw SpawnFailure(step: "pipe", code: errno) }
        return (fds[0], fds[1])
    }

    /// Forks and execs through the shared C helper (new session, no inherited descriptors, default signals).
    private static func forkAndExec(
        script: String, environment: [(String, String)], workingDirectory: String, credentials: Credentials?,
        stdinFD: Int32, stdoutFD: Int32
    ) -> Result<Int32, SpawnFailure> {
        let cArgv = [strdup(script)] + [nil]
        let cEnvp = environment.map { strdup("\($0.0)=\($0.1)") } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvp.forEach { free($0) }
        }
        var failedErrno: Int32 = 0
        var failedStep: Int32 = 0
        let pid: Int32 = script.withCString { path in
            workingDirectory.withCString { cwd in
                cArgv.withUnsafeBufferPointer { argv in
                    cEnvp.withUnsafeBufferPointer { envp in
                        var options = navigator_spawn_options()
                        options.path = path
                        options.argv = argv.baseAddress
                        options.envp = envp.baseAddress
                        options.cwd = cwd
                        options.stdin_fd = stdinFD
                        options.stdout_fd = stdoutFD
                        options.stderr_fd = 2
                        options.new_session = 1
                        options.death_signal = 0
                        if let credentials {
                            options.set_ids = 1
                            options.uid = credentials.uid
                            options.gid = credentials.gid
                        }
                        return navigator_spawn(&options, &failedErrno, &failedStep)
                    }
                }
            }
        }
        if pid > 0 { return .success(pid) }
        let steps = [1: "fork", 2: "setsid", 5: "dup2", 6: "chdir", 7: "setgroups", 8: "setgid", 9: "setuid", 10: "exec"]
        return .failure(SpawnFailure(step: steps[Int(failedStep)] ?? "spawn", code: failedErrno))
    }
}

/// A pipe end read or written with blocking calls on `CGIProcess.io`; closed once, explicitly or on release.
final class PipeDescriptor: Sendable {
    private let fd: Int32
    private let closed = OneShot<Void>()

    /// Takes ownership of `fd`.
    init(_ fd: Int32) {
        self.fd = fd
    }

    deinit {
        if closed.resolve(()) { Glibc.close(fd) }
    }

    /// Closes the descriptor (idempotent).
    func close() {
        if closed.resolve(()) { Glibc.close(fd) }
    }

    /// Reads up to `limit` bytes; an empty array means end of file.
    func read(limit: Int = 64 * 1024) async throws -> [UInt8] {
        try await CGIProcess.io.runIfActive { [fd] in
            var buffer = [UInt8](repeating: 0, count: limit)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, limit) }
                if count >= 0 { return Array(buffer.prefix(count)) }
                if errno != EINTR { throw CGIProcess.SpawnFailure(step: "read", code: errno) }
            }
        }
    }

    /// Writes all of `bytes`; throws on EPIPE (the script stopped reading).
    func write(_ bytes: [UInt8]) async throws {
        try await CGIProcess.io.runIfActive { [fd] in
            var offset = 0
            while offset < bytes.count {
                let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CGIProcess.SpawnFailure(step: "write", code: errno)
                }
                offset += count
            }
        }
    }
}
