public import Config
import Model
import QueryLanguage

extension IngestSettings: ConfigValidating {
    /// Every size and count at least 1 (attributes: 0 or more); a batch holds at least one largest message;
    /// timestamp bounds 0 or more (0: only the server's current second).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxMessageBytes, in: 1..., at: "max_message_bytes")
        rules.require(maxBatchEntries, in: 1..., at: "max_batch_entries")
        rules.require(maxBatchMessageBytes >= maxMessageBytes, at: ["max_batch_message_bytes"], related: [["max_message_bytes"]],
                      rule: "max_batch_message_bytes (\(maxBatchMessageBytes)) must be at least max_message_bytes (\(maxMessageBytes))")
        rules.require(maxAttributes, in: 0..., at: "max_attributes", zeroMeans: "entries carry no attributes")
        rules.require(maxResourceAttributes, in: 0..., at: "max_resource_attributes", zeroMeans: "entries carry no resource or scope attributes")
        rules.require(maxAttributeValueBytes, in: 1..., at: "max_attribute_value_bytes")
        rules.require(maxTimestampAgeSeconds, in: 0..., at: "max_timestamp_age_seconds")
        rules.require(maxTimestampLeadSeconds, in: 0..., at: "max_timestamp_lead_seconds")
        rules.require(idempotencyWindowSeconds, in: 1..., at: "idempotency_window_seconds")
    }
}

extension IndexSettings: ConfigValidating {
    /// Every name a field the query language names and an index can hold (not time, severity or id);
    /// every tenant a tenant id; at most `maxFields` fields for any tenant.
    public func validate(_ rules: inout ConfigRules) {
        func check(_ names: [String], at key: [String]) {
            for name in names {
                let field = QueryField(name: name)
                rules.require(field.map(BlindIndex.isIndexable) ?? false, at: key,
                              rule: "\"\(name)\" is not a field an index can hold: name an attribute (service.name, "
                                + "attributes.KEY, resource.KEY), trace_id, span_id, event_name, severity_text, scope.name or message (its words)")
            }
        }
        check(fields, at: ["fields"])
        rules.require(fields.count <= IndexSettings.maxFields, at: ["fields"], rule: "must name at most \(IndexSettings.maxFields) fields")
        for (tenant, names) in tenants.sorted(by: { $0.key < $1.key }) {
            rules.require(TenantID(tenant) != nil, at: ["tenants", tenant], rule: "\"\(tenant)\" is not a tenant id")
            check(names, at: ["tenants", tenant])
            rules.require(Set(fields + names).count <= IndexSettings.maxFields, at: ["tenants", tenant],
                          rule: "a tenant's entries are indexed by at most \(IndexSettings.maxFields) fields, with those of index.fields")
        }
    }
}
