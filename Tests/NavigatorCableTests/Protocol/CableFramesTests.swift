import NIOCore
import Testing
@testable import NavigatorCable

/// Server → client bytes exactly as Navigator sends them (spec Part C §1.4).
struct CableFramesTests {
    /// The message frame for a broadcast body, as the endpoint builds it.
    func frame(_ body: String) throws -> String {
        let request = try BroadcastRequest(body: Array(body.utf8))
        return String(buffer: CableFrames.message(stream: request.stream, data: request.data))
    }

    @Test func turboStreamHTMLIsHTMLEscaped() throws {
        #expect(try frame(#"{"stream":"s1","data":"<turbo-stream action=\"replace\" target=\"x\">...</turbo-stream>"}"#)
            == #"{"type":"message","stream":"s1","data":"\u003cturbo-stream action=\"replace\" target=\"x\"\u003e...\u003c/turbo-stream\u003e"}"#)
    }

    @Test func objectsAreCompactedInOrderWithNumbersVerbatim() throws {
        #expect(try frame(#"{ "stream" : "s1", "data" : { "progress" : 50, "nested" : {"a":[1, 2, null]}, "html":"<i>&</i>", "n": 1.50e+3 } }"#)
            == #"{"type":"message","stream":"s1","data":{"progress":50,"nested":{"a":[1,2,null]},"html":"\u003ci\u003e\u0026\u003c/i\u003e","n":1.50e+3}}"#)
    }

    @Test func nullIsKeptAndAbsentDataIsOmitted() throws {
        #expect(try frame(#"{"stream":"s2","data":null}"#) == #"{"type":"message","stream":"s2","data":null}"#)
        #expect(try frame(#"{"stream":"s2"}"#) == #"{"type":"message","stream":"s2"}"#)
    }

    @Test func nonASCIIPassesAndLineSeparatorsAreEscaped() throws {
        #expect(try frame("{\"stream\":\"s\",\"data\":\"é☃\u{2028}\"}") == "{\"type\":\"message\",\"stream\":\"s\",\"data\":\"é☃\\u2028\"}")
    }

    @Test func invalidUTF8InDataBecomesReplacementCharacter() throws {
        var body = Array(#"{"stream":"s","data":"a"#.utf8)
        body += [0xFF]
        body += Array(#"b"}"#.utf8)
        let request = try BroadcastRequest(body: body)
        #expect(String(buffer: CableFrames.message(stream: request.stream, data: request.data))
            == #"{"type":"message","stream":"s","data":"a\ufffdb"}"#)
    }

    @Test func ackAndPingBytes() {
        #expect(String(buffer: CableFrames.subscribed(stream: "a<b\"c\n")) == #"{"type":"subscribed","stream":"a\u003cb\"c\n"}"#)
        #expect(String(buffer: CableFrames.ping) == #"{"type":"ping"}"#)
    }
}
