import Model

/// The body of `POST /admin/api-keys`: `{"name"?: string, "role"?: "writer" | "reader" | "admin",
/// "expires_in_seconds"?: integer}`, every field optional (`{}` makes a nameless writer key that never expires); any
/// other field, a role that is not exactly one of the three, or a non-integer lifetime is an error.
struct APIKeyBody: Decodable {
    static let fields = ["name", "role", "expires_in_seconds"]
    let key: NewAPIKey

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EntryBody.AnyKey.self)
        try container.rejectUnknown(APIKeyBody.fields)
        var role = Role.writer
        if let name = try container.decodeIfPresent(String.self, forKey: EntryBody.AnyKey("role")) {
            guard let named = Role(rawValue: name) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [EntryBody.AnyKey("role")],
                                                        debugDescription: "must be writer, reader or admin"))
            }
            role = named
        }
        key = NewAPIKey(name: try container.decodeIfPresent(String.self, forKey: EntryBody.AnyKey("name")), role: role,
                        expiresInSeconds: try container.decodeIfPresent(Int.self, forKey: EntryBody.AnyKey("expires_in_seconds")))
    }
}
