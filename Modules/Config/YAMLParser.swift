internal import CLibYAML

/// Parses YAML text with libyaml's event API into a single document tree.
enum YAMLParser {
    static func parse(_ text: String, file: String) throws(ConfigError) -> YAMLNode {
        var builder = YAMLTreeBuilder(file: file)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return builder.document }

        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw ConfigError(file: file, line: 0, column: 0, keyPath: "", message: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(parser) }

        try bytes.withUnsafeBufferPointer { (buffer) throws(ConfigError) in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            var finished = false
            while !finished {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    throw syntaxError(parser.pointee, file: file, keyPath: builder.currentKeyPath)
                }
                defer { yaml_event_delete(&event) }
                let converted = convert(event, file: file)
                finished = converted == .streamEnd
                try builder.handle(converted)
            }
        }
        return builder.document
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String, keyPath: String) -> ConfigError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let message = context.map { "\(problem) \($0)" } ?? problem
        let isReaderError = parser.error == YAML_READER_ERROR
        let mark = mark(isReaderError ? parser.mark : parser.problem_mark, file: file)
        return ConfigError(at: mark, keyPath: keyPath, message: message)
    }

    private static func convert(_ event: yaml_event_t, file: String) -> YAMLEvent {
        let mark = mark(event.start_mark, file: file)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
            } ?? ""
            let scalar = YAMLScalar(value: value, style: style(data.style), tag: string(data.tag))
            return .scalar(scalar, anchor: string(data.anchor), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(anchor: string(data.anchor), tag: string(data.tag), mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(anchor: string(data.anchor), tag: string(data.tag), mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            // YAML_STREAM_END_EVENT, or YAML_NO_EVENT which libyaml only yields after the stream has ended.
            return .streamEnd
        }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func mark(_ mark: yaml_mark_t, file: String) -> YAMLMark {
        YAMLMark(file: file, line: mark.line + 1, column: mark.column + 1)
    }
}
