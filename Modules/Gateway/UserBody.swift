import Model

/// The body of `POST /admin/users`: `{"username": string, "groups"?: ["writer" | "reader" | "admin", ...]}`. Without
/// groups the user gets the roles of `auth.ungrouped_roles`; any other field, or a group that is not exactly one of the
/// three, is an error.
struct UserBody: Decodable {
    static let fields = ["username", "groups"]
    let username: String
    let groups: [Role]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EntryBody.AnyKey.self)
        try container.rejectUnknown(UserBody.fields)
        username = try container.decode(String.self, forKey: EntryBody.AnyKey("username"))
        groups = try (container.decodeIfPresent([String].self, forKey: EntryBody.AnyKey("groups")) ?? []).map { name in
            guard let role = Role(rawValue: name) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [EntryBody.AnyKey("groups")],
                                                        debugDescription: "a group is writer, reader or admin"))
            }
            return role
        }
    }
}
