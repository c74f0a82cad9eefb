import Testing
@testable import NavigatorConfig

/// Key paths reconstructed from indentation for errors raised before a node tree exists.
@Suite struct KeyPathGuesserTests {
    let text = """
        server:
          listen: 3000
        applications:
          tenants:
            - path: /a/
              root: x
            - path: /b/
              hooks:
                start:
                  - command: echo
        """

    @Test func paths() {
        #expect(KeyPathGuesser.keyPath(line: 2, in: text) == "server.listen")
        #expect(KeyPathGuesser.keyPath(line: 5, in: text) == "applications.tenants[0].path")
        #expect(KeyPathGuesser.keyPath(line: 6, in: text) == "applications.tenants[0].root")
        #expect(KeyPathGuesser.keyPath(line: 7, in: text) == "applications.tenants[1].path")
        #expect(KeyPathGuesser.keyPath(line: 10, in: text) == "applications.tenants[1].hooks.start[0].command")
    }
}
