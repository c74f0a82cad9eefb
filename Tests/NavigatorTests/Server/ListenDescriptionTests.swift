import NavigatorConfig
import Testing

@testable import Navigator

/// The `Navigator starting address=…` text: the address as configured, in Navigator's form.
@Suite struct ListenDescriptionTests {
    @Test func everyInterfaceIsAColonAndThePortAsInNavigator() {
        #expect(NavigatorMain.describe(ListenAddress(host: nil, port: 3000)) == ":3000")
        #expect(NavigatorMain.describe(ListenAddress(host: "127.0.0.1", port: 8080)) == "127.0.0.1:8080")
        #expect(NavigatorMain.describe(ListenAddress(host: "::1", port: 8080)) == "[::1]:8080")
    }
}
