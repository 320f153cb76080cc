import ArgumentParser
import Composition

/// The single binary: the log service and its admin commands.
@main
struct Logsvc: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logsvc",
        abstract: "A secure log service: encrypted log entries over REST, authenticated with JWTs.",
        version: LogsvcRelease.version,
        subcommands: [Serve.self, Token.self, Users.self, Clients.self, APIKeys.self, Keys.self, Tenants.self, StorageCommand.self])
}
