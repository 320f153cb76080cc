import ArgumentParser
import Auth
import Composition
import Logging
import Model

/// The options of every admin command that works on the local user pool of a data dir.
struct PoolOptions: ParsableArguments {
    @Option(help: "The data dir of the service.")
    var dataDir: String = "./data"

    @Option(help: "A YAML file merged over the defaults (for the auth settings).")
    var config: String?

    /// Opens the pool of `--data-dir` (it must exist: `logsvc serve` creates it).
    func open() async throws -> UserPool {
        ServiceLogging.restrictFileModes()
        let settings = try ConfigurationLoader.load(path: config).orExit()
        let logger = ServiceLogging.bootstrap(level: "warning")
        return try await perform { () throws(ServiceError) in
            try await UserPool.open(dataDir: dataDir, settings: settings.auth, createIfMissing: false,
                                    defaultIssuerBase: "", logger: logger)
        }
    }

    /// Runs `work`, turning its error into a message on stderr and exit status 1.
    func perform<T>(_ work: () async throws(ServiceError) -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            var stderr = StandardError()
            print("logsvc: \(error.message)", to: &stderr)
            throw ExitCode.failure
        }
    }
}
