import ArgumentParser
import Auth
import Model

/// `logsvc keys ...`: key management.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage keys.", subcommands: [RotateSigning.self])

    struct RotateSigning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new token signing key; the old one keeps verifying until its tokens have expired.")
        @OptionGroup var pool: PoolOptions

        func run() async throws {
            let userPool = try await pool.open()
            let kid = try await pool.perform { () throws(ServiceError) in try await userPool.rotateSigningKey() }
            print("new signing key \(kid); a running service signs with it within 30 seconds")
        }
    }
}
