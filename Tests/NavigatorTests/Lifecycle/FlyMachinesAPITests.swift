import Foundation
import Navigator
import NavigatorConfig
import NavigatorTestSupport
import Testing

/// The Fly Machines API call of machine idle (F18), against a fake API on a real Unix socket.
@Suite struct FlyMachinesAPITests {
    static func environment(socket: String) -> [String: String] {
        ["FLY_APP_NAME": "showcase", "FLY_MACHINE_ID": "3d8d9e1b", FlyMachinesAPI.socketPathVariable: socket]
    }

    @Test(arguments: [IdleSettings.Action.suspend, .stop])
    func postsTheActionForThisMachineOverTheSocket(action: IdleSettings.Action) async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            let api = FlyMachinesAPI(environment: Self.environment(socket: fake.socketPath))
            let answer = try await api.request(action)
            #expect(answer == .init(status: 200, body: #"{"ok":true}"#))
            let requests = fake.received
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/apps/showcase/machines/3d8d9e1b/\(action.rawValue)")
            #expect(request.host == "flaps")
            #expect(request.header("Content-Length") == "0")
            #expect(request.body.isEmpty)
        }
    }

    @Test func aNonSuccessAnswerIsAnErrorCarryingStatusAndBody() async throws {
        try await FakeFlyAPI.with(status: .unprocessableContent) { dir, fake throws in
            let api = FlyMachinesAPI(environment: Self.environment(socket: fake.socketPath))
            await #expect(throws: FlyMachinesAPIError.rejected(.init(status: 422, body: #"{"ok":true}"#))) {
                try await api.request(.suspend)
            }
        }
    }

    @Test func withoutAppOrMachineNothingIsSent() async throws {
        try await FakeFlyAPI.with { dir, fake throws in
            for missing in ["FLY_APP_NAME", "FLY_MACHINE_ID"] {
                var environment = Self.environment(socket: fake.socketPath)
                environment[missing] = ""
                await #expect(throws: FlyMachinesAPIError.missingEnvironment) {
                    try await FlyMachinesAPI(environment: environment).request(.stop)
                }
            }
            #expect(fake.received.isEmpty)
        }
    }

    @Test func noListenerOnTheSocketIsAnError() async throws {
        let dir = try LiveNavigator.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let api = FlyMachinesAPI(
            environment: Self.environment(socket: dir.appendingPathComponent("none.sock").path), timeout: .seconds(1))
        await #expect(throws: (any Error).self) { try await api.request(.suspend) }
    }

    @Test func theSocketDefaultsToFlysPathAndNamesAreOneSegment() {
        let api = FlyMachinesAPI(environment: ["FLY_APP_NAME": "a/b", "FLY_MACHINE_ID": "m"])
        #expect(api.socketPath == "/.fly/api")
        #expect(api.path(for: .suspend) == "/v1/apps/a%2Fb/machines/m/suspend")
        #expect(FlyMachinesAPI(environment: [:]).path(for: .stop) == nil)
    }
}
