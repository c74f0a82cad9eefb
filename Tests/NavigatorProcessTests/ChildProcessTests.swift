import Foundation
import Testing
@testable import NavigatorProcess

/// Spawning, output, exit observation and group termination.
@Suite struct ChildProcessTests {
    @Test func runsInItsOwnGroupWithCwdEnvAndOutput() async throws {
        let output = OutputLines()
        let directory = FileManagerHelper.temporaryDirectory()
        let request = SpawnRequest(
            executable: "python3",
            arguments: ["-c", "import os,sys; print(os.getcwd()); print(os.environ['GREETING']); print(os.getpgid(0)==os.getpid()); sys.stderr.write('oops\\n'); sys.exit(4)"],
            environment: ServerEnvironment.current() + [("GREETING", "hello")], workingDirectory: directory)
        let child = try await ChildProcess.spawn(request, source: "job", output: output.sink)
        #expect(await child.exitStatus == .exited(4))
        await child.waitForOutput(limit: .seconds(5))
        let stdout = output.lines.filter { $0.stream == .stdout }.map(\.text)
        #expect(stdout == [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path, "hello", "True"])
        #expect(output.lines.contains(ChildOutputLine(source: "job", stream: .stderr, text: "oops")))
    }

    @Test func missingProgramIsASpawnError() async {
        await #expect(throws: SpawnError.self) {
            _ = try await ChildProcess.spawn(
                SpawnRequest(executable: "no-such-program-navigator", environment: ServerEnvironment.current()),
                source: "x", output: nil)
        }
    }

    @Test func terminateEscalatesToSIGKILLForTheWholeGroup() async throws {
        // The parent ignores SIGTERM and has a grandchild in its group; both must be gone afterwards.
        let script = "import signal,subprocess,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); p=subprocess.Popen(['sleep','300']); print(p.pid, flush=True); time.sleep(300)"
        let output = OutputLines()
        let child = try await ChildProcess.spawn(
            SpawnRequest(executable: "python3", arguments: ["-c", script], environment: ServerEnvironment.current()),
            source: "stubborn", output: output.sink)
        #expect(await ProcessTestSupport.eventually { !output.lines.isEmpty })
        let grandchild = Int32(output.lines[0].text)!
        let status = await child.terminate(grace: .milliseconds(300))
        #expect(status == .signaled(SIGKILL))
        #expect(await ProcessTestSupport.eventually { ProcessTable.startTime(of: grandchild) == nil })
    }

    @Test func gracefulExitOnSIGTERMIsObserved() async throws {
        let child = try await ChildProcess.spawn(
            SpawnRequest(executable: "sleep", arguments: ["300"], environment: ServerEnvironment.current()),
            source: "sleep", output: nil)
        #expect(await child.terminate(grace: .seconds(10)) == .signaled(SIGTERM))
    }
}
