import Navigator
import Testing

@Suite struct CommandLineOptionsTests {
    @Test func noArgumentsServesTheDefaultConfig() throws {
        let options = try CommandLineOptions.parse([])
        #expect(options.action == .serve(configPath: "config/navigator.yml", pidFile: nil))
    }

    @Test func theFirstPlainArgumentIsTheConfigPath() throws {
        let options = try CommandLineOptions.parse(["my.yml", "extra"])
        #expect(options.action == .serve(configPath: "my.yml", pidFile: nil))
        #expect(options.ignored == ["extra"])
    }

    @Test(arguments: ["-h", "--help"]) func help(flag: String) throws {
        #expect(try CommandLineOptions.parse([flag]).action == .help)
    }

    @Test(arguments: ["-v", "--version"]) func version(flag: String) throws {
        #expect(try CommandLineOptions.parse([flag]).action == .version)
    }

    @Test func signalReload() throws {
        #expect(try CommandLineOptions.parse(["-s", "reload"]).action == .reload(pidFile: nil))
        #expect(try CommandLineOptions.parse(["--pid-file", "/x.pid", "-s", "reload"]).action == .reload(pidFile: "/x.pid"))
    }

    @Test(arguments: [["-s"], ["-s", "stop"], ["-s", "quit"]]) func signalWithoutReloadIsAnError(arguments: [String]) {
        #expect(throws: CommandLineError.signalRequiresReload) { try CommandLineOptions.parse(arguments) }
        #expect(CommandLineError.signalRequiresReload.description == "option -s requires 'reload'")
    }

    @Test func checkTakesAnOptionalPath() throws {
        #expect(try CommandLineOptions.parse(["--check", "a.yml"]).action == .check(configPath: "a.yml"))
        #expect(try CommandLineOptions.parse(["--check"]).action == .check(configPath: "config/navigator.yml"))
    }

    @Test func pidFileOptionInBothSpellings() throws {
        #expect(try CommandLineOptions.parse(["--pid-file", "/p", "c.yml"]).action == .serve(configPath: "c.yml", pidFile: "/p"))
        #expect(try CommandLineOptions.parse(["--pid-file=/q", "c.yml"]).action == .serve(configPath: "c.yml", pidFile: "/q"))
        #expect(throws: CommandLineError.missingValue("--pid-file")) { try CommandLineOptions.parse(["--pid-file"]) }
    }

    @Test func unknownOptionsAreIgnoredWithANote() throws {
        let options = try CommandLineOptions.parse(["--verbose"])
        #expect(options.action == .serve(configPath: "config/navigator.yml", pidFile: nil))
        #expect(options.ignored == ["--verbose"])
    }

    @Test func helpTextKeepsNavigatorsLines() {
        for line in ["Navigator - Web application server", "  navigator [config-file]     Start server with optional config file",
                     "  navigator -s reload         Reload configuration of running server",
                     "Default config file: config/navigator.yml", "  SIGHUP   Reload configuration without restart"] {
            #expect(CommandLineText.help.contains(line))
        }
    }
}
