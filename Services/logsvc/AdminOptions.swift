import ArgumentParser
import Auth
import Composition
import EnvelopeCrypto
import Foundation
import Logging
import Model

/// The options of every admin command that works on a data dir, and the ways to open its parts.
struct AdminOptions: ParsableArguments {
    @Option(help: "The data dir of the service.")
    var dataDir: String = "./data"

    @Option(help: "A YAML file merged over the defaults (see config/logsvc.yaml).")
    var config: String?

    /// The configuration, with files created by the command readable by its user only.
    func settings() throws -> LogsvcSettings {
        ServiceLogging.restrictFileModes()
        return try ConfigurationLoader.load(path: config).orExit()
    }

    /// The user pool of `--data-dir` (it must exist: `logsvc serve` creates it), its signing keys opened by the keyring.
    func openPool() async throws -> UserPool {
        let config = try settings()
        let logger = ServiceLogging.bootstrap(level: "warning")
        return try await perform { () throws(ServiceError) in
            guard UserPool.exists(in: dataDir) else {
                throw ServiceError.unavailable("no user pool in \(dataDir): start `logsvc serve --data-dir \(dataDir)` once first")
            }
            try requireKeyring(config)
            let seal = try KeyringSetup.signingKeySeal(config, dataDir: dataDir, logger: logger)
            return try await UserPool.open(dataDir: dataDir, settings: config.auth, signingKeySeal: seal, createIfMissing: false,
                                           defaultIssuerBase: "", logger: logger)
        }
    }

    /// The API keys the configuration names: those of the pool of `--data-dir`, or without a local pool those of the
    /// DynamoDB table (the AWS shape).
    func openAPIKeys() async throws -> APIKeyring {
        let config = try settings()
        if config.auth.localPool { return try await openPool().apiKeyring }
        let logger = ServiceLogging.bootstrap(level: "warning")
        return try await perform { () throws(ServiceError) in
            func seal() throws(ServiceError) -> any SigningKeySeal {
                try requireKeyring(config)
                return try KeyringSetup.signingKeySeal(config, dataDir: dataDir, logger: logger)
            }
            guard let keys = try APIKeySetup.tableKeyring(config, seal: seal, logger: logger) else {
                throw ServiceError.invalid("this configuration keeps no API keys: without a local pool (auth.local_pool: false) "
                    + "they live in the DynamoDB table (storage.backend: dynamodb)")
            }
            return keys
        }
    }

    /// The keyring of `--data-dir` (it must exist: `logsvc serve` creates it).
    func openKeyring() async throws -> KeyringSetup {
        let config = try settings()
        let logger = ServiceLogging.bootstrap(level: "warning")
        return try await perform { () throws(ServiceError) in
            try requireKeyring(config)
            return try KeyringSetup.open(config, dataDir: dataDir, logger: logger)
        }
    }

    /// Refuses a data dir without its local keyring, rather than making a new one that opens nothing.
    private func requireKeyring(_ config: LogsvcSettings) throws(ServiceError) {
        let crypto = config.crypto
        guard crypto.keyring != .local || FileManager.default.fileExists(atPath: KeyringSetup.resolve(crypto.local.file, in: dataDir)) else {
            throw ServiceError.unavailable("no keyring in \(dataDir): start `logsvc serve --data-dir \(dataDir)` once first")
        }
    }

    /// The local keyring of `--data-dir`; an error when the configuration uses AWS KMS.
    func openLocalKeyring() async throws -> LocalKMS {
        let keys = try await openKeyring()
        return try await perform { () throws(ServiceError) in
            guard let local = keys.local else {
                throw ServiceError.invalid("the keyring is AWS KMS: rotate its key in KMS (enable automatic key rotation)")
            }
            return local
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
