import Foundation
import Logging
@testable import Navigator
import NavigatorCore
import Testing

@Suite struct NavigatorLogHandlerTests {
    @Test func textLinesLookLikeSlog() {
        let line = NavigatorLogHandler.textLine(
            time: "2026-03-28T12:00:00.000-04:00", level: "INFO", message: "Loaded configuration",
            fields: ["tenants": "2", "reverseProxies": "0", "cgiScripts": "0"]
        )
        #expect(line == "time=2026-03-28T12:00:00.000-04:00 level=INFO msg=\"Loaded configuration\" cgiScripts=0 reverseProxies=0 tenants=2")
    }

    @Test func orderedAttributesKeepTheCallOrderAsSlogDoes() throws {
        let ordered: Logger.Metadata = .ordered(["tenants": "2", "reverseProxies": "0", "cgiScripts": "0"])
        var fields = ordered
        fields["added"] = "1"
        let line = NavigatorLogHandler.textLine(
            time: "2026-03-28T12:00:00.000-04:00", level: "INFO", message: "Loaded configuration", fields: fields)
        #expect(line == "time=2026-03-28T12:00:00.000-04:00 level=INFO msg=\"Loaded configuration\" tenants=2 reverseProxies=0 cgiScripts=0 added=1")
        let json = NavigatorLogHandler.jsonLine(time: "t", level: "INFO", message: "m", fields: ordered)
        #expect(json == #"{"time":"t","level":"INFO","msg":"m","tenants":"2","reverseProxies":"0","cgiScripts":"0"}"#)
    }

    @Test func aKeyRemovedFromOrderedMetadataIsNotPrinted() {
        var fields: Logger.Metadata = .ordered(["a": "1", "b": "2"])
        fields["a"] = nil
        #expect(fields.printOrder == ["b"])
        #expect(Logger.Metadata(dictionaryLiteral: ("z", "1"), ("y", "2")).printOrder == ["y", "z"])
    }

    @Test func textValuesAreQuotedOnlyWhenNeeded() {
        #expect(NavigatorLogHandler.textValue("plain") == "plain")
        #expect(NavigatorLogHandler.textValue("") == "\"\"")
        #expect(NavigatorLogHandler.textValue("a=b") == "\"a=b\"")
        #expect(NavigatorLogHandler.textValue("line\nbreak") == "\"line\\nbreak\"")
    }

    @Test func jsonLinesAreValidJSON() throws {
        let line = NavigatorLogHandler.jsonLine(
            time: "t", level: "ERROR", message: "Failed \"x\"\u{1}", fields: ["error": "bad\\path", "n": .stringConvertible(3)]
        )
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["msg"] as? String == "Failed \"x\"\u{1}")
        #expect(object?["error"] as? String == "bad\\path")
        #expect(object?["n"] as? Int == 3)
        #expect(line.hasPrefix("{\"time\":\"t\",\"level\":\"ERROR\",\"msg\":"))
    }

    @Test func levelsUseSlogNames() {
        #expect(NavigatorLogHandler.levelName(.warning) == "WARN")
        #expect(NavigatorLogHandler.levelName(.debug) == "DEBUG")
        #expect(NavigatorLogHandler.levelName(.critical) == "ERROR")
        #expect(NavigatorMain.logLevel(from: "WARNING") == .warning)
        #expect(NavigatorMain.logLevel(from: "Debug") == .debug)
        #expect(NavigatorMain.logLevel(from: "bogus") == .info)
    }

    @Test func timestampsUseGoLayout() {
        let text = LogTimestamp.string(from: Date(timeIntervalSince1970: 1_700_000_000.125))
        #expect(text.count >= 24)
        #expect(text.contains("T"))
        #expect(text.contains(".125"))
    }
}
