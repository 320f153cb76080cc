public import Model
public import QueryLanguage

/// Which fields the blind indexes keep (`ingest.index:` in the YAML; docs/query-language.md#encrypted-indexes):
/// fields named as the query language names them (`service.name`, `resource.service.name`, `trace_id`).
public struct IndexSettings: Sendable, Codable, Equatable {
    /// Every tenant's indexed fields.
    public var fields: [String]
    /// More fields for some tenants, by tenant id.
    public var tenants: [String: [String]]

    /// Fields one tenant's entries are indexed by, at most: each costs a token per entry on every write.
    public static let maxFields = 16

    public init(fields: [String] = ["service.name", "trace_id"], tenants: [String: [String]] = [:]) {
        self.fields = fields
        self.tenants = tenants
    }

    /// The fields `tenant`'s entries are indexed by, each once.
    public func fields(for tenant: TenantID) -> [QueryField] {
        var fields: [QueryField] = []
        for name in self.fields + (tenants[tenant.rawValue] ?? []) {
            if let field = QueryField(name: name), BlindIndex.isIndexable(field), !fields.contains(field) { fields.append(field) }
        }
        return fields
    }

    /// Whether `tenant`'s entries are indexed by the field named `field` (as `QueryField.description` writes it).
    public func indexes(_ field: String, of tenant: TenantID) -> Bool {
        fields(for: tenant).contains { $0.description == field }
    }
}
