import CLibYAML

/// Pulls events from libyaml's parser over a UTF-8 buffer. The buffer must outlive the reader; `close()` frees
/// libyaml's state.
final class LibYAMLEventReader {
    /// libyaml's parser state, at a fixed address (libyaml keeps pointers into it between calls).
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The event being filled, reused for every call.
    private let event: UnsafeMutablePointer<yaml_event_t>
    /// The text being read, for turning the reader's byte offsets into columns.
    private let bytes: UnsafeBufferPointer<UInt8>

    /// Starts reading `bytes`, which libyaml reads in place.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        // yaml_parser_initialize fails only when it cannot allocate its first buffers.
        precondition(yaml_parser_initialize(parser) == 1, "libyaml could not allocate its parser")
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
    }

    /// Frees libyaml's state.
    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    /// The next event, or the error libyaml reports.
    func next() throws(YAMLSyntaxError) -> YAMLEvent {
        guard yaml_parser_parse(parser, event) == 1 else { throw currentError() }
        defer { yaml_event_delete(event) }
        let mark = YAMLMark(event.pointee.start_mark)
        switch event.pointee.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(name: Self.string(event.pointee.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.pointee.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let plain = data.style == YAML_PLAIN_SCALAR_STYLE || data.style == YAML_ANY_SCALAR_STYLE
            let scalar = YAMLScalar(text: text, isPlain: plain, tag: Self.string(data.tag))
            return .scalar(scalar, anchor: Self.string(data.anchor), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: Self.string(event.pointee.data.sequence_start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: Self.string(event.pointee.data.mapping_start.anchor), mark: mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default:
            // YAML_NO_EVENT is only produced after an error, which the guard above already threw.
            throw YAMLSyntaxError(kind: .syntax, mark: mark, problem: "libyaml produced no event")
        }
    }

    /// libyaml's error after a failed `yaml_parser_parse`, at its problem mark.
    private func currentError() -> YAMLSyntaxError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return YAMLSyntaxError(kind: .limit, mark: YAMLMark(line: 1, column: 1),
                                   problem: "libyaml ran out of memory")
        case YAML_READER_ERROR:
            // The reader reports a byte offset rather than a mark.
            let value = state.problem_value >= 0 ? " (#x\(String(state.problem_value, radix: 16)))" : ""
            return YAMLSyntaxError(kind: .text, mark: mark(ofOffset: state.problem_offset),
                                   problem: problem + value)
        default:
            var text = problem
            if let context = state.context.map({ String(cString: $0) }) {
                let at = YAMLMark(state.context_mark)
                text += " (\(context) at line \(at.line), column \(at.column))"
            }
            return YAMLSyntaxError(kind: .syntax, mark: YAMLMark(state.problem_mark), problem: text)
        }
    }

    /// The 1-based line and column of a byte offset into the text.
    private func mark(ofOffset offset: Int) -> YAMLMark {
        let prefix = bytes.prefix(min(offset, bytes.count))
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
        let column = String(decoding: prefix[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return YAMLMark(line: line, column: column)
    }

    /// A NUL-terminated libyaml string, or `nil`.
    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension YAMLMark {
    /// Converts libyaml's 0-based mark.
    init(_ mark: yaml_mark_t) {
        self.init(line: mark.line + 1, column: mark.column + 1)
    }
}
