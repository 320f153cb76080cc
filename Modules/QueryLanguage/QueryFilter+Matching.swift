public import Model

/// The meaning of a filter (docs/query-language.md#filters), checked against one decrypted entry. This is the
/// reference: the planner may narrow the entries it reads (`StoreBounds`), but every entry it answers passes here.
extension QueryFilter {
    /// Whether `entry` passes, at the query's time `now` (`time:15m` counts back from it, to the microsecond). An
    /// entry that could not be decrypted passes only filters on its time, severity and id.
    public func matches(_ entry: LogEntry, now: Timestamp) -> Bool {
        var text = entry.message.map(MessageText.init)
        return matches(entry, now: now, text: &text)
    }

    /// `text` is the entry's message (nil: it has none), kept across the filter's text tests.
    private func matches(_ entry: LogEntry, now: Timestamp, text: inout MessageText?) -> Bool {
        switch self {
        case .and(let parts):
            for part in parts where !part.matches(entry, now: now, text: &text) { return false }
            return true
        case .or(let parts):
            for part in parts where part.matches(entry, now: now, text: &text) { return true }
            return false
        case .not(let part):
            return !part.matches(entry, now: now, text: &text)
        case .word(let word):
            return text?.contains(word, word: true) ?? false
        case .wordPrefix(let prefix):
            return text?.contains(prefix, word: true, prefix: true) ?? false
        case .phrase(let phrase):
            return text?.contains(phrase, word: false) ?? false
        case .field(let field, let test):
            return test.holds(for: field, of: entry, now: now)
        }
    }
}

extension FieldTest {
    func holds(for field: QueryField, of entry: LogEntry, now: Timestamp) -> Bool {
        switch (field, self) {
        case (.time, .last(let seconds)):
            let time = entry.timestamp.microseconds
            return time <= now.microseconds && time >= now.microseconds &- seconds &* 1_000_000
        case (.time, .compare(let comparison, .time(let bound))):
            return comparison.holds(entry.timeUnixNano, bound)
        case (.time, .exists), (.severity, .exists), (.id, .exists):
            return true
        case (.severity, .compare(let comparison, .severity(let level))):
            return comparison.holds(entry.severity.rawValue, level.rawValue)
        case (.traceID, _), (.spanID, _):
            let id = field == .traceID ? entry.payload?.traceID : entry.payload?.spanID
            switch self {
            case .exists: return id != nil
            case .compare(.equal, .bytes(let bytes)): return id == bytes
            case .compare(.notEqual, .bytes(let bytes)): return id.map { $0 != bytes } ?? false
            default: return false
            }
        default:
            return holds(for: FieldTest.value(of: field, in: entry))
        }
    }

    /// The test on an attribute or text field's value (nil: the entry has none).
    private func holds(for value: AnyValue?) -> Bool {
        switch self {
        case .exists: return value != nil
        case .compare(let comparison, .literal(let text, let number)):
            guard let value else { return false }
            switch comparison {
            case .equal: return FieldTest.equals(value, text: text, number: number)
            case .notEqual: return !FieldTest.equals(value, text: text, number: number)
            default:
                if case .int(let integer) = value, let exact = Int64(text) { return comparison.holds(integer, exact) }
                guard let number, let held = FieldTest.number(value) else { return false }
                return comparison.holds(held, number)
            }
        case .prefix(let prefix):
            return value?.string?.hasPrefix(prefix) ?? false
        case .matches(let regex, let negated):
            guard let text = value?.string else { return false }
            return regex.matches(text) != negated
        default:
            return false
        }
    }

    static func value(of field: QueryField, in entry: LogEntry) -> AnyValue? {
        let payload = entry.payload
        switch field {
        case .message: return payload.map { .string($0.message) }
        case .id: return .string(entry.id)
        case .eventName: return payload?.eventName.map(AnyValue.string)
        case .severityText: return payload?.severityText.map(AnyValue.string)
        case .scopeName: return payload?.scope.map { .string($0.name) }
        case .attribute(let key): return payload?.attributes[key] ?? payload?.resource[key]
        case .recordAttribute(let key): return payload?.attributes[key]
        case .resourceAttribute(let key): return payload?.resource[key]
        case .severity: return .string(entry.severity.name)
        case .time: return .int(entry.timeUnixNano)
        case .traceID: return payload?.traceID.map(AnyValue.bytes)
        case .spanID: return payload?.spanID.map(AnyValue.bytes)
        }
    }

    /// Equality of a typed value with a literal: a string by its text, a number by its value, a boolean by `true` or
    /// `false`; arrays, maps and bytes equal no literal.
    private static func equals(_ value: AnyValue, text: String, number: Double?) -> Bool {
        switch value {
        case .string(let string): return string == text
        case .int(let integer): return Int64(text).map { integer == $0 } ?? number.map { Double(integer) == $0 } ?? false
        case .double(let double): return number.map { double == $0 } ?? false
        case .bool(let bool): return text.lowercased() == (bool ? "true" : "false")
        default: return false
        }
    }

    private static func number(_ value: AnyValue) -> Double? {
        switch value {
        case .int(let integer): Double(integer)
        case .double(let double): double
        default: nil
        }
    }
}

extension QueryComparison {
    func holds<T: Comparable>(_ value: T, _ bound: T) -> Bool {
        switch self {
        case .equal: value == bound
        case .notEqual: value != bound
        case .less: value < bound
        case .lessOrEqual: value <= bound
        case .greater: value > bound
        case .greaterOrEqual: value >= bound
        }
    }
}
