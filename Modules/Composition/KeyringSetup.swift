public import EnvelopeCrypto
public import Foundation
public import Logging
public import Model

/// The keyring of a data dir as the configuration describes it, for the service and the admin CLI alike.
public struct KeyringSetup: Sendable {
    public let kms: LocalKMS
    public let keyring: TenantKeyring
    public let dataKeys: DataKeyStore

    /// Opens (on first start: creates) the keyring, its master key and the data key store.
    public static func open(_ config: LogsvcConfig.CryptoSettings, dataDir: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger) throws(ServiceError) -> KeyringSetup {
        let keyringPath = resolve(config.local.file, in: dataDir)
        let firstStart = !FileManager.default.fileExists(atPath: keyringPath)
        let masterKey = try MasterKey.resolve(environment: environment, keyFile: resolve(config.local.masterKeyFile, in: dataDir),
                                              firstStart: firstStart, logger: logger)
        let kms = try LocalKMS(path: keyringPath, masterKey: masterKey, logger: logger)
        let dataKeys = try DataKeyStore(path: resolve(config.dataKeysFile, in: dataDir))
        return KeyringSetup(kms: kms, keyring: TenantKeyring(kms: kms, store: dataKeys, limits: config.dataKeyCache, logger: logger),
                            dataKeys: dataKeys)
    }

    /// `file` relative to the data dir unless absolute.
    public static func resolve(_ file: String, in dataDir: String) -> String {
        file.hasPrefix("/") ? file : dataDir + "/" + file
    }
}
