import NavigatorConfig
import Testing

/// The `Navigator starting address=…` text: the address as configured, in Navigator's form.
@Suite struct ListenDescriptionTests {
    @Test func everyInterfaceIsAColonAndThePortAsInNavigator() {
        #expect(ListenAddress(host: nil, port: 3000).description == ":3000")
        #expect(ListenAddress(host: "127.0.0.1", port: 8080).description == "127.0.0.1:8080")
        #expect(ListenAddress(host: "::1", port: 8080).description == "[::1]:8080")
    }
}
