public import Model

extension LogEntry {
    /// The entry as `| fields A, B, ...` answers it: its id, time (to the nanosecond), severity and message, and
    /// of its other fields only those named. `KEY` keeps the log-record attribute and the resource attribute of
    /// that key, `attributes.KEY` and `resource.KEY` only theirs.
    public func projected(onto fields: [QueryField]) -> LogEntry {
        guard let payload else { return self }
        var kept = EntryPayload(message: payload.message, nanoseconds: payload.nanoseconds)
        for field in fields {
            switch field {
            case .attribute(let key):
                kept.attributes[key] = payload.attributes[key]
                kept.resource[key] = payload.resource[key]
            case .recordAttribute(let key): kept.attributes[key] = payload.attributes[key]
            case .resourceAttribute(let key): kept.resource[key] = payload.resource[key]
            case .traceID: kept.traceID = payload.traceID
            case .spanID: kept.spanID = payload.spanID
            case .eventName: kept.eventName = payload.eventName
            case .severityText: kept.severityText = payload.severityText
            case .scopeName: kept.scope = payload.scope
            case .severity, .time, .message, .id: break
            }
        }
        return LogEntry(id: id, timestamp: timestamp, severity: severity, payload: kept, failure: failure)
    }
}
