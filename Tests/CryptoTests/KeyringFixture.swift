import Bus
import CryptoPrimitives
import EnvelopeCrypto
import Foundation
import Model
import TestSupport

/// A local keyring in a data dir, with a master key from the environment as operators give it.
struct KeyringFixture {
    let directory: String
    let masterKey: String
    let kms: LocalKMS
    let store: SQLiteDataKeyStore
    let keyring: TenantKeyring

    init(_ directory: String, masterKey: String? = nil, cacheSettings: DataKeyCacheSettings = DataKeyCacheSettings()) throws {
        self.directory = directory
        let key = try masterKey ?? KeyringFixture.masterKey(for: directory)
        self.masterKey = key
        let master = try MasterKey.resolve(environment: [MasterKey.environmentVariable: key], keyFile: directory + "/master.key",
                                           firstStart: true, logger: logger)
        kms = try LocalKMS(path: directory + "/keyring.json", masterKey: master, logger: logger)
        store = try SQLiteDataKeyStore(path: directory + "/keys.sqlite")
        keyring = TenantKeyring(kms: kms, store: store, cacheSettings: cacheSettings, logger: logger)
    }

    /// A bus hosting only the Crypto module over this keyring.
    func bus() throws -> Bus {
        let route = Route(module: "crypto", concurrency: 4, queue: 16, timeoutMilliseconds: 60_000)
        let bus = try Bus(routes: Dictionary(uniqueKeysWithValues: ["crypto.seal", "crypto.open", "crypto.index_tokens"].map { ($0, route) }),
                          hostedModules: ["crypto"], knownModules: ["crypto"], logger: logger)
        try CryptoModule(keyring: keyring, logger: logger).register(on: bus)
        return bus
    }

    /// One master key per directory, kept beside it for the test's reopenings.
    static func masterKey(for directory: String) throws -> String {
        let path = directory + ".master"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) { return text }
        let key = Data(try SecureRandom.bytes(32)).base64EncodedString()
        try key.write(toFile: path, atomically: true, encoding: .utf8)
        return key
    }
}
