import ArgumentParser
import Composition
import Config
import Hummingbird
import Logging
import Storage
import Gateway

/// `logsvc serve`: runs every module of the configuration in one process behind the HTTP gateway.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the log service (embedded defaults unless --config is given).")

    @Option(help: "A YAML file merged over the defaults (see config/logsvc.yaml).")
    var config: String?

    @Option(help: "Where entries, keys and the user pool live; one `logsvc serve` at a time.")
    var dataDir: String = "./data"

    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?

    @Option(help: "Port to listen on, 0...65535, 0 for any free port (overrides server.port).")
    var port: Int?

    /// Nothing is written before the configuration, the listen address and the data dir's lock have been checked,
    /// in that order; each refusal exits with 78 (EX_CONFIG).
    func run() async throws {
        ServiceLogging.restrictFileModes()
        var overrides: [ConfigOverride] = []
        if let host { overrides.append(ConfigOverride(keyPath: ["server", "host"], value: host, source: "--host")) }
        if let port { overrides.append(ConfigOverride(keyPath: ["server", "port"], value: String(port), source: "--port")) }
        let settings = try ConfigurationLoader.load(path: config, overrides: overrides).orExit()
        let logger = ServiceLogging.bootstrap(level: settings.logLevel, format: settings.logFormat)
        let service: LogService
        let lock: DataDirLock
        do {
            try ListenAddress.checkAvailable(host: settings.server.host, port: settings.server.port)
            lock = try DataDirLock.acquire(dataDir: dataDir)
            service = try await LogService.start(config: settings, dataDir: dataDir, logger: logger)
        } catch {
            logger.critical("cannot start: \(error.description)")
            throw ExitCode(78)
        }
        let bound = settings.server.host
        let modules = settings.modules.joined(separator: ",")
        let storage = settings.storage.backend == .dynamodb ? "dynamodb:\(settings.storage.dynamodb.table)" : "sqlite"
        let app = service.application(host: bound, port: settings.server.port) { port in
            logger.notice("logsvc listening on http://\(bound):\(port)",
                          metadata: ["data_dir": "\(dataDir)", "modules": "\(modules)", "storage": "\(storage)",
                                     "console": "http://\(bound):\(port)/console"])
        }
        try await app.runService()
        withExtendedLifetime(lock) {}
        logger.notice("logsvc stopped")
    }
}

extension Result where Failure == ConfigError {
    /// The value, or the error's file:line:column and key on stderr and exit status 78 (EX_CONFIG).
    func orExit() throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error):
            var stderr = StandardError()
            print("logsvc: invalid configuration: \(error.description)", to: &stderr)
            throw ExitCode(78)
        }
    }
}

extension ConfigurationLoader {
    static func load(path: String?, overrides: [ConfigOverride] = []) -> Result<LogsvcSettings, ConfigError> {
        Result { () throws(ConfigError) in try load(path: path, overrides: overrides) }
    }
}
