import Model

/// One entry as `GET /logs`, `logs.query` and the tail write it, keys sorted:
/// `attributes`, `error`, `eventName`, `flags`, `id`, `message`, `observedTimeUnixNano`, `resource`, `scope`,
/// `severity`, `severityNumber`, `severityText`, `spanId`, `timeUnixNano`, `timestamp`, `traceId`. Optional fields
/// appear only when the entry has them; an entry that cannot be decrypted has `message: null` and an `error`.
/// Nanosecond times are decimal strings (as in OTLP's JSON: they pass 2^53); ids are lowercase hex.
struct EntryJSON: JSONWritable {
    let entry: LogEntry

    var capacityHint: Int { 256 + (entry.message?.utf8.count ?? 0) }

    func write(to out: inout JSONText) {
        let payload = entry.payload
        out.raw("{")
        if let attributes = payload?.attributes, !attributes.isEmpty {
            out.raw(#""attributes":"#)
            out.attributes(attributes)
            out.raw(",")
        }
        if let failure = entry.failure {
            out.raw(#""error":{"code":"#)
            out.string(failure.code.rawValue)
            out.raw(#","message":"#)
            out.string(failure.message)
            out.raw("},")
        }
        if let eventName = payload?.eventName {
            out.raw(#""eventName":"#)
            out.string(eventName)
            out.raw(",")
        }
        if let flags = payload?.flags {
            out.raw(#""flags":"#)
            out.integer(flags)
            out.raw(",")
        }
        out.raw(#""id":"#)
        out.string(entry.id)
        out.raw(#","message":"#)
        if let message = payload?.message { out.string(message) } else { out.raw("null") }
        if let observed = payload?.observedTimeUnixNano {
            out.raw(#","observedTimeUnixNano":"#)
            out.string(String(observed))
        }
        if let resource = payload?.resource, !resource.isEmpty {
            out.raw(#","resource":"#)
            out.attributes(resource)
        }
        if let scope = payload?.scope {
            out.raw(#","scope":{"#)
            if !scope.attributes.isEmpty {
                out.raw(#""attributes":"#)
                out.attributes(scope.attributes)
                out.raw(",")
            }
            out.raw(#""name":"#)
            out.string(scope.name)
            out.raw(#","version":"#)
            out.string(scope.version)
            out.raw("}")
        }
        out.raw(#","severity":"#)
        out.string(entry.severity.name)
        if let number = payload?.severityNumber {
            out.raw(#","severityNumber":"#)
            out.integer(number)
        }
        if let text = payload?.severityText {
            out.raw(#","severityText":"#)
            out.string(text)
        }
        if let spanID = payload?.spanID {
            out.raw(#","spanId":"#)
            out.string(Hex.encode(spanID))
        }
        out.raw(#","timeUnixNano":"#)
        out.string(String(entry.timeUnixNano))
        out.raw(#","timestamp":"#)
        out.string(entry.timestamp.rfc3339)
        if let traceID = payload?.traceID {
            out.raw(#","traceId":"#)
            out.string(Hex.encode(traceID))
        }
        out.raw("}")
    }

    enum CodingKeys: String, CodingKey {
        case attributes, error, eventName, flags, id, message, observedTimeUnixNano, resource, scope, severity, severityNumber,
             severityText, spanId, timeUnixNano, timestamp, traceId
    }

    struct Failure: Encodable {
        let code: String
        let message: String
    }

    struct Scope: Encodable {
        let scope: InstrumentationScope
        enum CodingKeys: String, CodingKey { case attributes, name, version }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if !scope.attributes.isEmpty { try container.encode(scope.attributes, forKey: .attributes) }
            try container.encode(scope.name, forKey: .name)
            try container.encode(scope.version, forKey: .version)
        }
    }

    func encode(to encoder: any Encoder) throws {
        let payload = entry.payload
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let attributes = payload?.attributes, !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
        if let failure = entry.failure {
            try container.encode(Failure(code: failure.code.rawValue, message: failure.message), forKey: .error)
        }
        try container.encodeIfPresent(payload?.eventName, forKey: .eventName)
        try container.encodeIfPresent(payload?.flags, forKey: .flags)
        try container.encode(entry.id, forKey: .id)
        try container.encode(payload?.message, forKey: .message)
        try container.encodeIfPresent(payload?.observedTimeUnixNano.map(String.init), forKey: .observedTimeUnixNano)
        if let resource = payload?.resource, !resource.isEmpty { try container.encode(resource, forKey: .resource) }
        try container.encodeIfPresent(payload?.scope.map(Scope.init), forKey: .scope)
        try container.encode(entry.severity.name, forKey: .severity)
        try container.encodeIfPresent(payload?.severityNumber, forKey: .severityNumber)
        try container.encodeIfPresent(payload?.severityText, forKey: .severityText)
        try container.encodeIfPresent(payload?.spanID.map(Hex.encode), forKey: .spanId)
        try container.encode(String(entry.timeUnixNano), forKey: .timeUnixNano)
        try container.encode(entry.timestamp.rfc3339, forKey: .timestamp)
        try container.encodeIfPresent(payload?.traceID.map(Hex.encode), forKey: .traceId)
    }
}
