import ArgumentParser
import Auth
import Model

/// `logsvc clients ...`: machine clients that write one tenant's logs with the client credentials grant.
struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage machine clients (OAuth 2.0 client credentials at POST /oauth2/token).",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a client that may write the tenant's logs; prints its id and secret once.")
        @OptionGroup var options: AdminOptions
        @Option(help: "The tenant the client writes to.") var tenant: String

        func run() async throws {
            let userPool = try await options.openPool()
            let client = try await options.perform { () throws(ServiceError) in try await userPool.createClient(tenant: tenant) }
            print("client_id: \(client.clientID)")
            print("client_secret: \(client.clientSecret)")
            print("(the secret is stored only as a hash and cannot be shown again)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the machine clients.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let userPool = try await options.openPool()
            let clients = try await options.perform { () throws(ServiceError) in try await userPool.machineClients() }
            print("CLIENT_ID\tTENANT\tCREATED")
            for client in clients { print("\(client.clientID)\t\(client.tenant)\t\(client.createdAt.rfc3339)") }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a client and revoke its tokens (refused within 2 seconds).")
        @OptionGroup var options: AdminOptions
        @Argument var clientID: String

        func run() async throws {
            let userPool = try await options.openPool()
            try await options.perform { () throws(ServiceError) in try await userPool.deleteClient(clientID) }
            print("deleted \(clientID)")
        }
    }
}
