import ArgumentParser
import Composition
import Model
import Storage

/// `logsvc storage ...`: the entry store.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Manage the entry store.", subcommands: [CreateTable.self])

    struct CreateTable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the DynamoDB table of storage.dynamodb (on-demand, TTL on) for local or test use; "
                + "production tables come from infra/terraform.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let settings = try options.settings().storage.dynamodb
            let logger = ServiceLogging.bootstrap(level: "warning")
            let created = try await options.perform { () throws(ServiceError) in
                try await StoreSetup.createTable(settings, logger: logger)
            }
            print(created ? "created table \(settings.table)" : "table \(settings.table) already exists; TTL is on")
        }
    }
}
