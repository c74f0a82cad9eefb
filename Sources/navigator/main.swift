import FoundationEssentials
import Navigator
import NIOCore
import NIOPosix

// Tasks then run on NIO's event loops instead of a second thread pool, so a request no longer hops between the
// socket's loop and a cooperative thread at every await (ARCHITECTURE: NIO's event loop as the executor). Nothing
// in the server blocks a task's thread: process waits, CGI pipes, htpasswd hashing and file reads have their own
// threads. Must run before the first task is created.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

/// Entry point: everything lives in the `Navigator` library so it can be tested.
let status = await NavigatorMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
// Lines logged on an event loop may still be waiting for their loop's flush task.
OutputWriter.standardOutput.flush()
exit(status)
