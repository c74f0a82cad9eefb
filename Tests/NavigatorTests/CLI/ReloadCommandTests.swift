import Foundation
import Navigator
import NavigatorTestSupport
import Testing

@Suite struct ReloadCommandTests {
    @Test func missingPidFile() throws {
        let file = PidFile(path: "/nonexistent/navigator.pid")
        #expect(throws: ReloadCommandError.pidFile(.missing(file.path))) { try ReloadCommand.run(pidFile: file) }
        #expect(ReloadCommandError.pidFile(.missing(file.path)).description == "navigator is not running (PID file not found)")
    }

    @Test func staleFileIsRemovedAndReported() throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A process that has exited leaves a pid nobody has (pids are not reused this quickly).
        let done = Process()
        done.executableURL = URL(fileURLWithPath: "/bin/true")
        try done.run()
        done.waitUntilExit()
        let file = PidFile(path: dir.appendingPathComponent("n.pid").path)
        try file.write(pid: done.processIdentifier)
        #expect(throws: ReloadCommandError.notRunning(done.processIdentifier)) { try ReloadCommand.run(pidFile: file) }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func aRunningProcessReceivesSIGHUP() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = dir.appendingPathComponent("hup").path
        let child = Process()
        // Python can install its handler and unblock SIGHUP even when the test runner's thread passed it on blocked
        // or ignored (a shell's trap could not).
        child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        child.arguments = ["-c", "import signal, time, sys\ndef hup(*_):\n    open(sys.argv[1], 'w').close()\n    sys.exit(0)\nsignal.signal(signal.SIGHUP, hup)\nsignal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGHUP])\nwhile True: time.sleep(0.05)", marker]
        try child.run()
        // SIGKILL: the runner's ignored SIGTERM is inherited.
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() } }
        try await Task.sleep(for: .milliseconds(200))
        let file = PidFile(path: dir.appendingPathComponent("n.pid").path)
        try file.write(pid: child.processIdentifier)
        #expect(try ReloadCommand.run(pidFile: file) == child.processIdentifier)
        let deadline = ContinuousClock.now + .seconds(5)
        while !FileManager.default.fileExists(atPath: marker), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(FileManager.default.fileExists(atPath: marker))
    }
}
