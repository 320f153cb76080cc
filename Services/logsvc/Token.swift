import ArgumentParser
import Auth
import Model

/// `logsvc token`: prints an ID token for a user of the local pool, for admin scripting.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a valid ID token for a user of the local user pool.")

    @OptionGroup var options: AdminOptions

    @Option(help: "The user the token is for.")
    var username: String

    func run() async throws {
        let userPool = try await options.openPool()
        print(try await options.perform { () throws(ServiceError) in try await userPool.idToken(for: username) })
    }
}
