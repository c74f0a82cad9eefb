import Foundation
import Hummingbird

/// Hello mode: Hummingbird with one route and nothing else, on the same executor set-up as `navigator` (NIO's
/// event loops run the tasks). Requests/s against it are the ceiling the framework puts on any server built on
/// it; bench/static.py reports navigator's rate as a fraction of it.
func runHello(_ options: BenchOptions) async throws {
    let router = Router()
    router.get("/") { _, _ in "OK" }
    let application = Application(
        router: router,
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil, backlog: 4096),
        onServerRunning: { channel in
            print(#"{"mode":"hello","port":\#(channel.localAddress?.port ?? 0)}"#)
            fflush(nil)
        }
    )
    try await application.runService()
}
