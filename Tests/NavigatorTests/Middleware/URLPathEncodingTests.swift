@testable import Navigator
import Testing

@Suite struct URLPathEncodingTests {
    @Test func decodesPercentEscapes() {
        #expect(URLPathEncoding.decode("/caf%C3%A9/a%20b") == "/café/a b")
        #expect(URLPathEncoding.decode("/plain") == "/plain")
        #expect(URLPathEncoding.decode("/a%2Fb") == "/a/b")
    }

    @Test func leavesInvalidEscapesAlone() {
        #expect(URLPathEncoding.decode("/a%zz") == "/a%zz")
        #expect(URLPathEncoding.decode("/a%4") == "/a%4")
    }

    @Test func encodesLikeGoEscapedPath() {
        #expect(URLPathEncoding.encode("/café/a b") == "/caf%C3%A9/a%20b")
        #expect(URLPathEncoding.encode("/a-b_c.d~e/$&+,:;=@") == "/a-b_c.d~e/$&+,:;=@")
        #expect(URLPathEncoding.encode("/50%?#") == "/50%25%3F%23")
    }

    @Test func roundTrips() {
        let path = "/ü ber/%/x?y"
        #expect(URLPathEncoding.decode(URLPathEncoding.encode(path)) == path)
    }
}
