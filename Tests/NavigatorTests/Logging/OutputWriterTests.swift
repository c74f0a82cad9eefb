#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
@testable import Navigator
import NIOCore
import NIOPosix
import Testing

/// Lines logged on an event loop are gathered and written together; other lines are written at once, in order.
@Suite struct OutputWriterTests {
    /// A pipe whose read end does not block.
    final class Pipe {
        let read: Int32
        let write: Int32

        init() throws {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            read = fds[0]
            write = fds[1]
            _ = fcntl(read, F_SETFL, fcntl(read, F_GETFL) | O_NONBLOCK)
        }

        /// Everything written so far.
        func drain() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                bytes += chunk[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        deinit {
            close(read)
            close(write)
        }
    }

    @Test func linesFromOneLoopTickAreWrittenTogetherAfterIt() async throws {
        let pipe = try Pipe()
        let writer = OutputWriter(fileDescriptor: pipe.write)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let duringTick = try await loop.submit {
            writer.writeLine("one")
            writer.writeLine("two")
            return pipe.drain()
        }.get()
        #expect(duringTick == "")
        // The flush task was queued behind the submitted one; a later task runs after it.
        try await loop.submit {}.get()
        #expect(pipe.drain() == "one\ntwo\n")
    }

    @Test func linesFromOtherThreadsAreWrittenAtOnceAfterWaitingOnes() async throws {
        let pipe = try Pipe()
        let writer = OutputWriter(fileDescriptor: pipe.write)
        // The loop is held inside its task, so its flush task cannot run before the off-loop line is written.
        let gathered = DispatchSemaphore(value: 0)
        let hold = DispatchSemaphore(value: 0)
        MultiThreadedEventLoopGroup.singleton.next().execute {
            writer.writeLine("from the loop")
            gathered.signal()
            hold.wait()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                gathered.wait()
                continuation.resume()
            }
        }
        #expect(pipe.drain() == "")
        writer.writeLine("from elsewhere")
        #expect(pipe.drain() == "from the loop\nfrom elsewhere\n")
        hold.signal()
    }

    @Test func aBatchPastTheThresholdIsWrittenWithoutWaiting() async throws {
        let pipe = try Pipe()
        let writer = OutputWriter(fileDescriptor: pipe.write)
        let line = String(repeating: "x", count: 1023)
        let duringTick = try await MultiThreadedEventLoopGroup.singleton.next().submit {
            for _ in 0..<(OutputWriter.flushThreshold / 1024) { writer.writeLine(line) }
            return pipe.drain().count
        }.get()
        #expect(duringTick == OutputWriter.flushThreshold)
    }

    @Test func flushWritesWaitingLines() async throws {
        let pipe = try Pipe()
        let writer = OutputWriter(fileDescriptor: pipe.write)
        let flushed = try await MultiThreadedEventLoopGroup.singleton.next().submit {
            writer.writeLine("waiting")
            writer.flush()
            return pipe.drain()
        }.get()
        #expect(flushed == "waiting\n")
    }
}
