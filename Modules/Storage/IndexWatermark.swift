public import Model

/// Where a tenant's blind index of one field begins: every entry at or after `since` carries the field's token
/// (when it has the field), so a read by token there misses none; older entries may predate the index and are read
/// without it. `field` is the field's name in the query language (`service.name`, `trace_id`).
public struct IndexWatermark: Sendable, Hashable {
    public let tenant: TenantID
    public let field: String
    public let since: Timestamp

    public init(tenant: TenantID, field: String, since: Timestamp) {
        self.tenant = tenant
        self.field = field
        self.since = since
    }
}
