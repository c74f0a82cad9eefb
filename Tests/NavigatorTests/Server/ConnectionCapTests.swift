import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NavigatorTestSupport
import Testing

@testable import Navigator

/// The connection cap that keeps the server clear of its open-file limit.
@Suite struct ConnectionCapTests {
    @Test func theReserveIsATenthAndAtLeast32() {
        #expect(ConnectionCap.limit(forDescriptors: 20_000) == 18_000)
        #expect(ConnectionCap.limit(forDescriptors: 128) == 96)
        #expect(ConnectionCap.limit(forDescriptors: 10) == 1)
    }

    @Test func aServerWithFewDescriptorsRefusesExtraConnectionsAndKeepsServing() async throws {
        // 128 descriptors: a cap of 96 client connections; 140 are opened and held.
        let navigator = try await LiveNavigator.start(
            config: """
                server:
                  listen: "127.0.0.1:0"
                  health_check:
                    path: /up
                    response:
                      status: 200
                      body: ok
                cable:
                  enabled: false
                """,
            launcher: ["/usr/bin/prlimit", "--nofile=128:128", "--"])
        var held: [any Channel] = []
        for _ in 0..<140 {
            let attempt = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: navigator.port)
            if let channel = try? await attempt.get() { held.append(channel) }
        }
        do {
            try await navigator.waitForOutput("Connection limit reached")
            #expect(navigator.process.isRunning)
            for channel in held { try? await channel.close() }
            // Once clients leave, their slots come back.
            var answered = false
            for _ in 0..<50 where !answered {
                let response = try? await HTTPClient.shared.execute(
                    HTTPClientRequest(url: navigator.url("/up")), timeout: .seconds(5))
                answered = response?.status == .ok
                if !answered { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(answered, "\(navigator.outputText.suffix(2000))")
        } catch {
            Issue.record("\(error)\n\(navigator.outputText)")
        }
        await navigator.stop()
    }
}
