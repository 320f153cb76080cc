import ArgumentParser
import Auth
import Model

/// `logsvc api-keys ...`: long-lived, revocable API keys of one tenant and one role, also while the service runs.
struct APIKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-keys",
        abstract: "Manage API keys (sent as `Authorization: Bearer lsk_...` in place of a token).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key of a tenant with one role; prints the key once.")
        @OptionGroup var options: AdminOptions
        @Option(help: "The tenant the key acts in.") var tenant: String
        @Option(help: "The one role it grants: writer (store only), reader (read only) or admin.") var role: String = "writer"
        @Option(help: "A name for people (1-64 of letters, digits, space and . _ : @ / -).") var name: String?
        @Option(help: "How long until it expires: a number with s, m, h or d (90d); never when omitted.") var expiresIn: String?

        func run() async throws {
            let apiKeys = try await options.openAPIKeys()
            let created = try await options.perform { () throws(ServiceError) in
                guard let granted = Role(rawValue: role) else { throw ServiceError.invalid("--role is writer, reader or admin") }
                var seconds: Int?
                if let expiresIn {
                    guard let parsed = APIKeys.seconds(expiresIn) else {
                        throw ServiceError.invalid("--expires-in is a number followed by s, m, h or d, e.g. 90d")
                    }
                    seconds = parsed
                }
                return try await apiKeys.create(tenant: tenant, NewAPIKey(name: name, role: granted, expiresInSeconds: seconds))
            }
            print("id: \(created.summary.id)")
            print("key: \(created.key)")
            print("tenant: \(created.summary.tenant)  role: \(created.summary.role.rawValue)  expires: "
                + (created.summary.expiresAt?.rfc3339 ?? "never"))
            print("(the key is stored only as a keyed hash and cannot be shown again)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the API keys not revoked (never their secrets).")
        @OptionGroup var options: AdminOptions
        @Option(help: "Only this tenant's keys.") var tenant: String?

        func run() async throws {
            let apiKeys = try await options.openAPIKeys()
            let keys = try await options.perform { () throws(ServiceError) in try await apiKeys.list(of: tenant) }
            print("ID\tNAME\tTENANT\tROLE\tCREATED\tLAST_USED\tEXPIRES")
            for key in keys {
                print([key.id, key.name.isEmpty ? "-" : key.name, key.tenant.rawValue, key.role.rawValue, key.createdAt.rfc3339,
                       key.lastUsedAt?.rfc3339 ?? "never", key.expiresAt?.rfc3339 ?? "never"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API key (refused by a running service within 2 seconds).")
        @OptionGroup var options: AdminOptions
        @Argument(help: "The key's id (the part after lsk_, as `api-keys list` shows it).") var id: String

        func run() async throws {
            let apiKeys = try await options.openAPIKeys()
            try await options.perform { () throws(ServiceError) in try await apiKeys.revoke(id, of: nil) }
            print("revoked \(id)")
        }
    }

    /// Seconds of a duration written as a positive number and a unit: `45s`, `30m`, `12h`, `90d`; nil otherwise.
    static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let count = Int(text.dropLast()), count > 0 else { return nil }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        default: return nil
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: scale)
        return overflow ? nil : seconds
    }
}
