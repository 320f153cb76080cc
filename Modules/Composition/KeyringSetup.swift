import AWS
public import Auth
import Storage
public import EnvelopeCrypto
public import Foundation
public import Logging
public import Model

/// The keyring of a data dir as the configuration describes it, for the service and the admin CLI alike.
public struct KeyringSetup: Sendable {
    /// What wraps the data keys: the local keyring or AWS KMS.
    public let kms: any KeyManagementService
    /// The local keyring, when that is the one in use (its versions are rotated and retired by the CLI).
    public let local: LocalKMS?
    public let keyring: TenantKeyring
    public let dataKeys: any DataKeyStore

    /// Opens the configured keyring (on first start with a local keyring: creates it and its master key)
    /// and the data key store: where the entries are, `keys.sqlite` in the data dir or the DynamoDB table.
    public static func open(_ settings: LogsvcSettings, dataDir: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger) throws(ServiceError) -> KeyringSetup {
        let config = settings.crypto
        let (kms, local) = try keyManagement(settings, dataDir: dataDir, environment: environment, logger: logger)
        let dataKeys: any DataKeyStore
        switch settings.storage.backend {
        case .sqlite:
            dataKeys = try SQLiteDataKeyStore(path: resolve(config.dataKeysFile, in: dataDir))
        case .dynamodb:
            dataKeys = DynamoDBDataKeyStore(client: try DynamoDBClient(settings: settings.storage.dynamodb,
                                                                       credentials: try AWSCredentials.required(from: environment, by: "DynamoDB"),
                                                                       logger: logger))
        }
        return KeyringSetup(kms: kms, local: local,
                            keyring: TenantKeyring(kms: kms, store: dataKeys, cacheSettings: config.dataKeyCache, logger: logger),
                            dataKeys: dataKeys)
    }

    /// What seals the local pool's token-signing keys: this keyring's root key.
    public var signingKeySeal: any SigningKeySeal { KeyringSigningKeySeal(kms: kms) }

    /// What seals the local pool's token-signing keys, for a process that hosts Auth without Crypto: the configured
    /// keyring's root key alone (on first start with a local keyring: creates the keyring and its master key).
    public static func signingKeySeal(_ settings: LogsvcSettings, dataDir: String,
                                      environment: [String: String] = ProcessInfo.processInfo.environment,
                                      logger: Logger) throws(ServiceError) -> any SigningKeySeal {
        KeyringSigningKeySeal(kms: try keyManagement(settings, dataDir: dataDir, environment: environment, logger: logger).kms)
    }

    /// The configured key-management service: the local keyring under its master key, or AWS KMS.
    private static func keyManagement(_ settings: LogsvcSettings, dataDir: String, environment: [String: String],
                                      logger: Logger) throws(ServiceError) -> (kms: any KeyManagementService, local: LocalKMS?) {
        let config = settings.crypto
        switch config.keyring {
        case .local:
            let keyringPath = resolve(config.local.file, in: dataDir)
            let firstStart = !FileManager.default.fileExists(atPath: keyringPath)
            let masterKey = try MasterKey.resolve(environment: environment, keyFile: resolve(config.local.masterKeyFile, in: dataDir),
                                                  firstStart: firstStart, logger: logger)
            let localKMS = try LocalKMS(path: keyringPath, masterKey: masterKey, logger: logger)
            return (localKMS, localKMS)
        case .awsKMS:
            guard !config.awsKMS.keyID.isEmpty else { throw ServiceError.unavailable("crypto.aws_kms.key_id is empty") }
            return (try AWSKMS(settings: config.awsKMS, credentials: try AWSCredentials.required(from: environment, by: "AWS KMS"),
                               logger: logger), nil)
        }
    }

    /// `file` relative to the data dir unless absolute.
    public static func resolve(_ file: String, in dataDir: String) -> String {
        file.hasPrefix("/") ? file : dataDir + "/" + file
    }
}
