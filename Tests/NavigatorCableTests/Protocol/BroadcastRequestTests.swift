import Testing
@testable import NavigatorCable

/// The body rules of `/_broadcast` (spec Part C §1.8), decoded as Go's `json.Decoder` does.
struct BroadcastRequestTests {
    func decode(_ body: String) -> Result<BroadcastRequest, BroadcastRequest.Rejection> {
        Result { () throws(BroadcastRequest.Rejection) in try BroadcastRequest(body: Array(body.utf8)) }
    }

    @Test func validBodiesWithExtraKeysAndTrailingGarbage() throws {
        #expect(try decode(#"{"stream":"a","data":1,"type":"x","other":[1]}"#).get() == BroadcastRequest(stream: "a", data: Array("1".utf8)))
        #expect(try decode(#"{"stream":"a","data":"x"} trailing garbage {"#).get().stream == "a")
        #expect(try decode(#"{"Stream":"case-insensitive"}"#).get().stream == "case-insensitive")
        #expect(try decode(#"{"stream":"first","stream":"last"}"#).get().stream == "last")
        #expect(try decode(#"{"stream":"\u0061\ud83d\ude00"}"#).get().stream == "a😀")
    }

    @Test func rejections() {
        #expect(decode(#"{"stream":""}"#) == .failure(.streamRequired))
        #expect(decode(#"{"data":"x"}"#) == .failure(.streamRequired))
        #expect(decode(#"{"stream":null}"#) == .failure(.streamRequired))
        #expect(decode("null") == .failure(.streamRequired))
        #expect(decode("") == .failure(.invalidJSON))
        #expect(decode("   ") == .failure(.invalidJSON))
        #expect(decode("not json") == .failure(.invalidJSON))
        #expect(decode(#"{"stream":123}"#) == .failure(.invalidJSON))
        #expect(decode(#"["stream"]"#) == .failure(.invalidJSON))
        #expect(decode(#""text""#) == .failure(.invalidJSON))
        #expect(decode(#"{"stream":"a","data":}"#) == .failure(.invalidJSON))
        #expect(decode(#"{"stream":"a","data":01}"#) == .failure(.invalidJSON))
        #expect(decode("{\"stream\":\"a\u{01}\"}") == .failure(.invalidJSON))
        #expect(decode(#"{"stream":"a""#) == .failure(.invalidJSON))
    }
}
