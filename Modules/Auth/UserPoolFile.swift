/// The on-disk form of the local user pool (`user-pool.json`, mode 0600).
struct UserPoolFile: Codable {
    var format: Int = 1
    let userPoolID: String
    let clientID: String
    let issuer: String
    var users: [User]

    struct User: Codable {
        let username: String
        let tenant: String
        var groups: [String]
        var passwordHash: String
        /// `FORCE_CHANGE_PASSWORD` until the first login sets a password, then `CONFIRMED`.
        var status: String
        let createdAt: String

        enum CodingKeys: String, CodingKey {
            case username, tenant, groups, status
            case passwordHash = "password_hash"
            case createdAt = "created_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, issuer, users
        case userPoolID = "user_pool_id"
        case clientID = "client_id"
    }
}

/// What the first start writes to `initial-credentials.json` for the operator (mode 0600).
public struct InitialCredentials: Codable, Sendable, Equatable {
    public let userPoolID: String
    public let clientID: String
    public let username: String
    public let temporaryPassword: String

    enum CodingKeys: String, CodingKey {
        case userPoolID = "user_pool_id"
        case clientID = "client_id"
        case username
        case temporaryPassword = "temporary_password"
    }
}
