import AsyncHTTPClient
import Foundation
import NavigatorCableClient
import NavigatorConfig
import NIOCore
import NIOWebSocket
import Testing

/// The socket protocol with real WebSocket clients (spec Part C §1.3–§1.5, §1.9).
@Suite struct CableProtocolTests {
    /// Broadcasts `body` through the endpoint and expects 200.
    static func broadcast(_ server: CableServer, _ body: String) async throws {
        var request = HTTPClientRequest(url: server.url("/_broadcast"))
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        #expect(response.status == .ok)
    }

    @Test func duplicateSubscribesAreAckedEachTimeButDeliveredOnce() async throws {
        try await CableServer.with { server in
            let socket = try await TestSocket.connect(port: server.port)
            try await socket.subscribe("s")
            try await socket.subscribe("s")
            try await Self.broadcast(server, #"{"stream":"s","data":"one"}"#)
            try await Self.broadcast(server, #"{"stream":"s","data":"two"}"#)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s","data":"one"}"#)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s","data":"two"}"#)
        }
    }

    @Test func junkIsIgnoredAndTheSocketStaysUsable() async throws {
        try await CableServer.with { server in
            let socket = try await TestSocket.connect(port: server.port)
            socket.send(#"{"type":"subscribe","stream":""}"#)
            socket.send(#"{"type":"subscribe"}"#)
            socket.send("not json")
            socket.send(#"{"type":"hello"}"#)
            socket.client.send(opcode: .binary, bytes: Array(#"{"type":"subscribe","stream":"bin"}"#.utf8))
            // Binary frames carry JSON too; the first reply must be this ack, nothing for the junk before it.
            #expect(try await socket.nextText() == #"{"type":"subscribed","stream":"bin"}"#)
        }
    }

    @Test func everyKindOfDataIsPassedThrough() async throws {
        try await CableServer.with { server in
            let socket = try await TestSocket.connect(port: server.port)
            try await socket.subscribe("s1")
            try await Self.broadcast(server, #"{"stream":"s1","data":"<b>&</b>"}"#)
            try await Self.broadcast(server, #"{"stream":"s1","data":{"a":[1, null],"h":"<i>"}}"#)
            try await Self.broadcast(server, #"{"stream":"s1","data":null}"#)
            try await Self.broadcast(server, #"{"stream":"s1"}"#)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s1","data":"\u003cb\u003e\u0026\u003c/b\u003e"}"#)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s1","data":{"a":[1,null],"h":"\u003ci\u003e"}}"#)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s1","data":null}"#)
            #expect(try await socket.nextText() == #"{"type":"message","stream":"s1"}"#)
        }
    }

    @Test func unsubscribeSendsNothingAndStopsDeliveryToThatSocketOnly() async throws {
        try await CableServer.with { server in
            let leaving = try await TestSocket.connect(port: server.port)
            let staying = try await TestSocket.connect(port: server.port)
            try await leaving.subscribe("s")
            try await staying.subscribe("s")
            leaving.send(#"{"type":"unsubscribe","stream":"s"}"#)
            try await leaving.subscribe("marker")
            try await Self.broadcast(server, #"{"stream":"s","data":1}"#)
            try await Self.broadcast(server, #"{"stream":"marker","data":2}"#)
            #expect(try await staying.nextText() == #"{"type":"message","stream":"s","data":1}"#)
            #expect(try await leaving.nextText() == #"{"type":"message","stream":"marker","data":2}"#)
        }
    }

    @Test func oversizedMessagesCloseWith1009AndTheLimitItselfIsFine() async throws {
        try await CableServer.with { server in
            let fits = try await TestSocket.connect(port: server.port)
            var exact = Array(#"{"type":"subscribe","stream":"big"}"#.utf8)
            exact += Array(repeating: UInt8(ascii: " "), count: 131_072 - exact.count)
            fits.client.send(opcode: .text, bytes: exact)
            #expect(try await fits.nextText() == #"{"type":"subscribed","stream":"big"}"#)

            let single = try await TestSocket.connect(port: server.port)
            single.client.send(opcode: .text, bytes: Array(repeating: UInt8(ascii: " "), count: 129 * 1024))
            #expect(try await single.closeCode() == 1009)

            let fragmented = try await TestSocket.connect(port: server.port)
            fragmented.client.send(opcode: .text, bytes: Array(repeating: UInt8(ascii: " "), count: 100 * 1024), fin: false)
            fragmented.client.send(opcode: .continuation, bytes: Array(repeating: UInt8(ascii: " "), count: 29 * 1024))
            #expect(try await fragmented.closeCode() == 1009)
        }
    }

    @Test func pingsArriveAndOnlyPongsKeepASocketAlive() async throws {
        let cable = CableSettings(pingInterval: .milliseconds(100), pongTimeout: .milliseconds(600))
        try await CableServer.with(CableServer.configuration(cable: cable)) { server in
            let silent = try await TestSocket.connect(port: server.port, autoPong: false)
            let jsonPonger = try await TestSocket.connect(port: server.port)
            let framePonger = try await TestSocket.connect(port: server.port)
            try await silent.subscribe("s")
            let start = ContinuousClock.now
            var pings = 0
            while ContinuousClock.now - start < .seconds(1.5) {
                for socket in [jsonPonger, framePonger] {
                    guard let event = try? await socket.next(timeout: .milliseconds(50)) else { continue }
                    #expect(event != .disconnected)
                    if event == .text(#"{"type":"ping"}"#) {
                        pings += 1
                        if socket === jsonPonger { socket.send(#"{"type":"pong"}"#) } else { socket.client.send(opcode: .pong, bytes: []) }
                    }
                }
            }
            #expect(pings >= 4)
            // The silent socket got pings too, but never answered: dropped without a close frame, like Navigator.
            let silentEvents = try await silent.events(for: .seconds(1))
            #expect(silentEvents.last == .disconnected)
            #expect(!silentEvents.contains { if case .close = $0 { return true } else { return false } })
            try await jsonPonger.subscribe("still-here")
            try await framePonger.subscribe("still-here")
        }
    }

    @Test func pingFramesAreAnsweredWithPongFrames() async throws {
        try await CableServer.with { server in
            let socket = try await TestSocket.connect(port: server.port)
            socket.client.send(opcode: .ping, bytes: Array("hello".utf8))
            #expect(try await socket.next() == .pong(Array("hello".utf8)))
        }
    }

    @Test func aSlowClientLosesMessagesWhileOthersGetEverything() async throws {
        let cable = CableSettings(queueMessages: 8, queueBytes: 256 * 1024)
        try await CableServer.with(CableServer.configuration(cable: cable)) { server in
            let slow = try await TestSocket.connect(port: server.port)
            let fast = try await TestSocket.connect(port: server.port)
            try await slow.subscribe("load")
            try await fast.subscribe("load")
            // The slow client stops reading: the kernel buffers fill, then its queue, then its messages drop.
            try await slow.client.channel.setOption(ChannelOptions.autoRead, value: false).get()
            let payload = String(repeating: "x", count: 64 * 1024)
            let total = 150
            let counter = Task {
                var received = 0
                while received < total {
                    if case .text(let text) = try await fast.next(timeout: .seconds(20)), text.contains("load") { received += 1 }
                }
                return received
            }
            for index in 0..<total {
                try await Self.broadcast(server, #"{"stream":"load","data":"\#(index) \#(payload)"}"#)
            }
            #expect(try await counter.value == total)
            #expect(server.hub.droppedMessages > 0)
            #expect(server.hub.connectionCount == 2)
        }
    }

    @Test func aClientThatDropsItsConnectionIsForgottenWithoutWaitingForThePongTimeout() async throws {
        // Pings every minute: only the end of input can tell the hub that the client left.
        let cable = CableSettings(pingInterval: .seconds(60), pongTimeout: .seconds(120))
        try await CableServer.with(CableServer.configuration(cable: cable)) { server in
            let dropping = try await TestSocket.connect(port: server.port)
            try await dropping.subscribe("s")
            #expect(server.hub.subscriberCount("s") == 1)
            dropping.client.disconnect()
            let deadline = ContinuousClock.now + .seconds(10)
            while server.hub.connectionCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.hub.connectionCount == 0)
            #expect(server.hub.subscriberCount("s") == 0)
        }
    }

    @Test func everyDisconnectPathCleansUpSubscriptions() async throws {
        let cable = CableSettings(pingInterval: .milliseconds(100), pongTimeout: .milliseconds(300))
        try await CableServer.with(CableServer.configuration(cable: cable)) { server in
            let closing = try await TestSocket.connect(port: server.port)
            let dropping = try await TestSocket.connect(port: server.port)
            let silent = try await TestSocket.connect(port: server.port, autoPong: false)
            for socket in [closing, dropping, silent] { try await socket.subscribe("s") }
            #expect(server.hub.subscriberCount("s") == 3)
            closing.client.sendClose(code: 1000)
            dropping.client.disconnect()
            let deadline = ContinuousClock.now + .seconds(5)
            while server.hub.connectionCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.hub.connectionCount == 0)
            #expect(server.hub.subscriberCount("s") == 0)
            try await Self.broadcast(server, #"{"stream":"s","data":1}"#)
        }
    }
}
