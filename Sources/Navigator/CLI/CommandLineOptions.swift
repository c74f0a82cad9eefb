/// What the command line asks for (spec Part B §3.1 with D1, D24, D26).
public enum CommandLineAction: Equatable, Sendable {
    /// `-h` / `--help`.
    case help
    /// `-v` / `--version`.
    case version
    /// `-s reload`: SIGHUP the running server named by the pid file.
    case reload(pidFile: String?)
    /// `--check [config]`: validate and summarise, exit 0/1.
    case check(configPath: String)
    /// `navigator [config]`: run the server.
    case serve(configPath: String, pidFile: String?)
}

/// The parsed command line: the action plus notes about ignored arguments.
public struct CommandLineOptions: Equatable, Sendable {
    /// Default config file, relative to the working directory (as Navigator).
    public static let defaultConfigPath = "config/navigator.yml"

    /// What to do.
    public var action: CommandLineAction
    /// Arguments that were ignored, for a warning (Navigator ignores unknown options silently).
    public var ignored: [String]

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String]) throws(CommandLineError) -> CommandLineOptions {
        var pidFile: String?
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--pid-file" {
                guard index + 1 < arguments.count else { throw .missingValue("--pid-file") }
                pidFile = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--pid-file=") {
                pidFile = String(argument.dropFirst("--pid-file=".count))
                index += 1
                continue
            }
            rest.append(argument)
            index += 1
        }
        guard let first = rest.first else {
            return CommandLineOptions(action: .serve(configPath: defaultConfigPath, pidFile: pidFile), ignored: [])
        }
        switch first {
        case "-h", "--help":
            return CommandLineOptions(action: .help, ignored: Array(rest.dropFirst()))
        case "-v", "--version":
            return CommandLineOptions(action: .version, ignored: Array(rest.dropFirst()))
        case "-s":
            guard rest.count >= 2, rest[1] == "reload" else { throw .signalRequiresReload }
            return CommandLineOptions(action: .reload(pidFile: pidFile), ignored: Array(rest.dropFirst(2)))
        case "--check":
            let path = rest.count >= 2 ? rest[1] : defaultConfigPath
            return CommandLineOptions(action: .check(configPath: path), ignored: Array(rest.dropFirst(2)))
        default:
            if first.hasPrefix("-") {
                // Navigator ignores unknown options and serves the default config; so do we, with a warning.
                let config = rest.dropFirst().first { !$0.hasPrefix("-") } ?? defaultConfigPath
                return CommandLineOptions(
                    action: .serve(configPath: config, pidFile: pidFile),
                    ignored: rest.filter { $0.hasPrefix("-") }
                )
            }
            return CommandLineOptions(action: .serve(configPath: first, pidFile: pidFile), ignored: Array(rest.dropFirst()))
        }
    }
}

/// A command line that cannot be acted on.
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    /// `-s` without `reload`.
    case signalRequiresReload
    /// An option that needs a value got none.
    case missingValue(String)

    public var description: String {
        switch self {
        case .signalRequiresReload: return "option -s requires 'reload'"
        case .missingValue(let option): return "option \(option) requires a value"
        }
    }
}

/// Texts printed by the CLI.
public enum CommandLineText {
    /// This build's version.
    public static let version = "0.1.0"

    /// `-v` output.
    public static var versionLine: String { "Navigator \(version)" }

    /// `-h` output: Navigator's help, plus the options we add.
    public static let help = """
        Navigator - Web application server

        Usage:
          navigator [config-file]     Start server with optional config file
          navigator -s reload         Reload configuration of running server
          navigator --check [config]  Validate a config file and print a summary
          navigator --pid-file PATH   Use PATH as the PID file (also NAVIGATOR_PID_FILE)
          navigator --help            Show this help message
          navigator --version         Show version information

        Default config file: config/navigator.yml

        Signals:
          SIGHUP   Reload configuration without restart
          SIGTERM  Graceful shutdown
          SIGINT   Graceful shutdown
          SIGQUIT  Graceful shutdown
        """
}
