import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
public import Logging
import NavigatorCore

/// Navigator's own log lines, in Go `log/slog` shapes so users' log pipelines keep matching:
/// text `time=… level=INFO msg="Loaded configuration" tenants=2` or JSON `{"time":…,"level":"INFO","msg":…}`.
public struct NavigatorLogHandler: LogHandler {
    /// Where lines go.
    public let writer: OutputWriter
    /// Text or JSON, shared by every logger of the process.
    public let format: LogFormatSwitch
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level

    /// Creates a handler.
    public init(writer: OutputWriter, format: LogFormatSwitch, level: Logger.Level) {
        self.writer = writer
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let time = LogTimestamp.string(from: Date())
        let level = Self.levelName(event.level)
        switch format.format {
        case .text:
            writer.writeLine(Self.textLine(time: time, level: level, message: "\(event.message)", fields: merged))
        case .json:
            writer.writeLine(Self.jsonLine(time: time, level: level, message: "\(event.message)", fields: merged))
        }
    }

    /// slog's level names.
    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "DEBUG"
        case .info, .notice: return "INFO"
        case .warning: return "WARN"
        case .error, .critical: return "ERROR"
        }
    }

    /// `time=… level=… msg=… key=value…`: keys in the order the call gave them (`Logger.Metadata.ordered`), the rest
    /// sorted for stable output.
    static func textLine(time: String, level: String, message: String, fields: Logger.Metadata) -> String {
        var line = "time=\(time) level=\(level) msg=\(textValue(message))"
        for key in fields.printOrder {
            line += " \(key)=\(textValue(String(describing: fields[key]!)))"
        }
        return line
    }

    /// slog quotes a text value when it is empty or has spaces, quotes, `=` or control characters.
    static func textValue(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar.value < 0x20 || scalar.value == 0x7f
        }
        return needsQuotes ? JSONText.quoted(value) : value
    }

    /// `{"time":…,"level":…,"msg":…,…}`.
    static func jsonLine(time: String, level: String, message: String, fields: Logger.Metadata) -> String {
        var line = "{\"time\":\(JSONText.quoted(time)),\"level\":\(JSONText.quoted(level)),\"msg\":\(JSONText.quoted(message))"
        for key in fields.printOrder {
            line += ",\(JSONText.quoted(key)):\(jsonValue(fields[key]!))"
        }
        return line + "}"
    }

    static func jsonValue(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return JSONText.quoted(string)
        case .stringConvertible(let convertible):
            let text = convertible.description
            if convertible is Int || convertible is Int64 || convertible is Double || convertible is Bool { return text }
            return JSONText.quoted(text)
        case .array(let values): return "[" + values.map(jsonValue).joined(separator: ",") + "]"
        case .dictionary(let dict):
            return "{" + dict.keys.sorted().map { "\(JSONText.quoted($0)):\(jsonValue(dict[$0]!))" }.joined(separator: ",") + "}"
        }
    }
}

/// Minimal JSON string quoting (RFC 8259): quotes, backslashes and control characters escaped.
public enum JSONText {
    /// `value` as a JSON string literal.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Go's `2006-01-02T15:04:05.000Z07:00` in local time, shared with the access log (`AccessLogTimestamp`).
public enum LogTimestamp {
    /// Formats `date` in the process's local time zone.
    public static func string(from date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let nanoseconds = Int(((interval - Double(seconds)) * 1_000_000_000).rounded())
        return AccessLogTimestamp.format(
            secondsSinceEpoch: Int64(seconds), nanoseconds: min(nanoseconds, 999_999_999), utcOffsetSeconds: Int(parts.tm_gmtoff)
        )
    }
}
