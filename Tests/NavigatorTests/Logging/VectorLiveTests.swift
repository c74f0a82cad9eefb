import Foundation
import NavigatorTestSupport
import Testing

/// `logging.vector` through the real binary (issue 16 item 8): access-log lines and child output (JSON with
/// `"tenant"`) reach the Unix stream socket Vector listens on; here a Python listener stands in for Vector.
@Suite struct VectorLiveTests {
    /// A Unix-socket listener that appends every line it receives to `output`; prints `ready` once listening.
    static let listener = """
        import os, socket, sys, threading
        path, output = sys.argv[1], sys.argv[2]
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        server.listen(8)
        print("ready", flush=True)
        lock = threading.Lock()
        def serve(connection):
            with connection:
                while True:
                    data = connection.recv(65536)
                    if not data:
                        return
                    with lock, open(output, "ab") as sink:
                        sink.write(data)
        while True:
            connection, _ = server.accept()
            threading.Thread(target=serve, args=(connection,), daemon=True).start()
        """

    /// The JSON objects received so far.
    static func received(_ output: URL) -> [[String: Any]] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func accessLogAndChildOutputReachTheVectorSocket() async throws {
        let directory = try LiveNavigator.makeTemporaryDirectory()
        let socketPath = directory.appendingPathComponent("vector.sock").path
        let output = directory.appendingPathComponent("received.jsonl")
        let vector = Process()
        vector.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        vector.arguments = ["python3", "-c", Self.listener, socketPath, output.path]
        let pipe = Pipe()
        vector.standardOutput = pipe
        vector.standardError = pipe
        try vector.run()
        // SIGKILL: a child of the test runner inherits its ignored SIGTERM, and a listener left behind would hold the
        // runner's output open.
        defer {
            kill(vector.processIdentifier, SIGKILL)
            vector.waitUntilExit()
        }
        _ = pipe.fileHandleForReading.availableData  // "ready": the socket exists before Navigator starts.

        let navigator = try await LiveNavigator.start(config: """
            server:
              listen: "127.0.0.1:0"
            logging:
              vector:
                enabled: true
                socket: \(socketPath)
            applications:
              pools:
                start_port: \(TenantTestSupport.startPort())
              tenants:
            \(TenantTestSupport.tenantYAML(path: "/app/"))
            """, directory: directory)
        do {
            #expect(try await TenantTestSupport.curl(navigator.url("/app/whoami"), timeout: 60).status == 200)
            #expect(try await TenantTestSupport.curl(navigator.url("/missing")).status == 404)
            var objects: [[String: Any]] = []
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                objects = Self.received(output)
                let uris = Set(objects.compactMap { $0["uri"] as? String })
                if uris.isSuperset(of: ["/app/whoami", "/missing"]),
                   objects.contains(where: { ($0["message"] as? String)?.hasPrefix("request ") == true }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let access = objects.filter { $0["uri"] != nil }
            #expect(Set(access.compactMap { $0["uri"] as? String }) == ["/app/whoami", "/missing"])
            #expect(access.allSatisfy { $0["@timestamp"] != nil && $0["status"] != nil })
            let child = objects.filter { $0["source"] != nil }
            #expect(child.contains { ($0["message"] as? String)?.hasPrefix("request ") == true }, "\(objects)")
            #expect(child.allSatisfy { $0["tenant"] as? String == "/app" && $0["stream"] != nil }, "\(child)")
            // Navigator's own log never goes to Vector.
            #expect(!objects.contains { $0["msg"] != nil })
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
