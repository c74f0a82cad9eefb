import Testing
@testable import NavigatorCable

/// Client → server messages (spec Part C §1.3, Part B §4): anything unexpected is ignored.
struct ClientCommandTests {
    func command(_ text: String) -> ClientCommand { ClientCommand(payload: Array(text.utf8)) }

    @Test func knownCommands() {
        #expect(command(#"{"type":"subscribe","stream":"s"}"#) == .subscribe("s"))
        #expect(command(#" {"type":"unsubscribe","stream":"s","extra":true} "#) == .unsubscribe("s"))
        #expect(command(#"{"type":"pong"}"#) == .pong)
    }

    @Test func ignoredMessages() {
        #expect(command(#"{"type":"subscribe","stream":""}"#) == .ignored)
        #expect(command(#"{"type":"subscribe"}"#) == .ignored)
        #expect(command(#"{"type":"subscribe","stream":5}"#) == .ignored)
        #expect(command(#"{"type":"hello","stream":"s"}"#) == .ignored)
        #expect(command("not json") == .ignored)
        #expect(command(#"{"type":"pong"} x"#) == .ignored)
        #expect(command("[]") == .ignored)
    }
}
