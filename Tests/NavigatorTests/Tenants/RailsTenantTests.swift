import Foundation
import Navigator
import NavigatorTestSupport
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Testing

/// A real Rails 6.1 app on Puma (Debian's `ruby-rails` and `puma`, spec Part D) as a tenant: started on demand under
/// a path prefix, proxied (pages, cookies, a 10 MB upload, a streamed response, Action Cable), restarted after
/// `kill -9`, and stopped when idle. Fails — never skips — when the packages are missing.
@Suite(.serialized) struct RailsTenantTests {
    /// Why the Rails tests cannot run.
    struct MissingPackages: Error, CustomStringConvertible {
        let detail: String
        var description: String { "Rails tests need Debian's ruby-rails and puma (scripts/test.sh installs them): \(detail)" }
    }

    @Test func railsAppBehindNavigator() async throws {
        try Self.requireRails()
        let app = try Self.copyApp()
        let config = """
            server:
              listen: "127.0.0.1:0"
            applications:
              health_check: /up
              pools:
                timeout: 4s
                start_port: \(TenantTestSupport.startPort())
              env:
                RAILS_ENV: production
              tenants:
                - path: /rails/
                  root: \(app.path)
                  runtime: ruby
                  server: bin/rails
                  args: ["server", "-b", "127.0.0.1", "-p", "{{port}}"]
                  startup_timeout: 60s
                  env:
                    RAILS_RELATIVE_URL_ROOT: /rails
                    PIDFILE: \(app.path)/tmp/server.pid
            """
        let server = try await LiveNavigator.start(config: config)
        defer { Task { await server.stop() } }

        // A page and a cookie, started on demand by the first request.
        let page = try await TenantTestSupport.curl(server.url("/rails/"), timeout: 90)
        #expect(page.status == 200)
        #expect(page.body.contains("visits=1"))
        #expect(page.headers.lowercased().contains("set-cookie: visits=1"))
        #expect(try await TenantTestSupport.curl(server.url("/rails/"), ["-H", "Cookie: visits=1"]).body.contains("visits=2"))

        // A 10 MB upload.
        let size = 10 * 1024 * 1024
        let file = server.directory.appendingPathComponent("upload.bin")
        try Data(repeating: 0x62, count: size).write(to: file)
        let upload = try await TenantTestSupport.curl(
            server.url("/rails/upload"), ["--data-binary", "@\(file.path)", "-H", "Content-Type: application/octet-stream"])
        #expect(upload.status == 200)
        #expect(upload.body == String(size))

        // A streamed response: the first chunk arrives while the action is still writing.
        let socket = try RawSocket(port: server.port)
        try socket.send("GET /rails/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let early = socket.read(until: "chunk 0", timeout: .seconds(20))
        #expect(early.contains("chunk 0"))
        #expect(!early.contains("chunk 4"))
        #expect(socket.read(until: "chunk 4", timeout: .seconds(20)).contains("chunk 4"))

        // Action Cable through the WebSocket pass-through.
        try await Self.exerciseActionCable(port: server.port)

        // kill -9: the next request starts a new Puma.
        let pidReply = try await TenantTestSupport.curl(server.url("/rails/pid"))
        let pid = try #require(TenantProxyLiveTests.pid(in: pidReply.body))
        #expect(pidReply.body.contains(#""script_name":"/rails""#))
        kill(pid, SIGKILL)
        #expect(await TenantTestSupport.eventually { !TenantTestSupport.isAlive(pid) })
        try await server.waitForOutput("Tenant app exited unexpectedly", timeout: .seconds(10))
        let again = try await TenantTestSupport.curl(server.url("/rails/pid"), timeout: 90)
        #expect(again.status == 200)
        let newPid = try #require(TenantProxyLiveTests.pid(in: again.body))
        #expect(newPid != pid)

        // Idle stop after pools.timeout: SIGTERM, Puma exits.
        try await server.waitForOutput("Stopping idle web app", timeout: .seconds(30))
        #expect(await TenantTestSupport.eventually { !TenantTestSupport.isAlive(newPid) })
    }

    /// Subscribes to `EchoChannel` over `/rails/cable` and gets a message echoed.
    static func exerciseActionCable(port: Int) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1:\(port)")
        headers.add(name: "Origin", value: "http://127.0.0.1:\(port)")
        headers.add(name: "Sec-WebSocket-Protocol", value: "actioncable-v1-json, actioncable-unsupported")
        let handshake = try await WebSocketUpstream.connect(.init(host: "127.0.0.1", port: port), uri: "/rails/cable", headers: headers)
        guard case .upgraded(let channel, let subprotocol) = handshake else {
            Issue.record("Action Cable upgrade was refused through Navigator")
            return
        }
        #expect(subprotocol == "actioncable-v1-json")
        try await channel.executeThenClose { inbound, outbound in
            var frames = inbound.makeAsyncIterator()
            func nextMessage(containing text: String) async throws -> String? {
                while let frame = try await frames.next() {
                    let message = String(buffer: frame.unmaskedData)
                    if message.contains(text) { return message }
                }
                return nil
            }
            #expect(try await nextMessage(containing: "welcome") != nil)
            let identifier = #"{\"channel\":\"EchoChannel\"}"#
            try await outbound.write(Self.textFrame(#"{"command":"subscribe","identifier":"\#(identifier)"}"#))
            #expect(try await nextMessage(containing: "confirm_subscription") != nil)
            try await outbound.write(Self.textFrame(
                #"{"command":"message","identifier":"\#(identifier)","data":"{\"text\":\"hello cable\",\"action\":\"receive\"}"}"#))
            #expect(try await nextMessage(containing: "hello cable") != nil)
            try await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer()))
        }
    }

    static func textFrame(_ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
    }

    /// Checks that Ruby can load Rails and Puma; throws (so the test fails loudly) otherwise.
    static func requireRails() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ruby", "-e", "require 'rails'; require 'action_cable'; require 'puma'; puts Rails.version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw MissingPackages(detail: "ruby not found (\(error))")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MissingPackages(detail: output) }
    }

    /// A fresh copy of `examples/rails` (Rails writes tmp/ and log/ into its directory).
    static func copyApp() throws -> URL {
        let source = LiveNavigator.repositoryRoot.appendingPathComponent("examples/rails")
        let target = try LiveNavigator.makeTemporaryDirectory().appendingPathComponent("rails")
        try FileManager.default.copyItem(at: source, to: target)
        try FileManager.default.createDirectory(at: target.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        return target
    }
}
