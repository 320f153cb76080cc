import ArgumentParser
import Auth
import Composition
import Model

/// `logsvc token`: prints an ID token for a user of the local pool, for admin scripting.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a valid ID token for a user of the local user pool.")

    @Option(help: "The data dir of the service.")
    var dataDir: String = "./data"

    @Option(help: "The user the token is for.")
    var username: String

    @Option(help: "A YAML file merged over the defaults (for auth settings).")
    var config: String?

    func run() async throws {
        let settings = try ConfigurationLoader.load(path: config).orExit()
        let logger = ServiceLogging.bootstrap(level: "warning")
        do {
            let identity = try LocalIdentity.open(dataDir: dataDir, settings: settings.auth, createIfMissing: false,
                                                  defaultIssuerBase: "", logger: logger)
            print(try identity.idToken(for: username))
        } catch {
            var stderr = StandardError()
            print("logsvc: \(error.message)", to: &stderr)
            throw ExitCode.failure
        }
    }
}
