import Foundation
import Navigator

/// Entry point: everything lives in the `Navigator` library so it can be tested.
let status = await NavigatorMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
