import CryptoPrimitives
import Foundation
public import Logging
public import Model
import Synchronization

/// The single binary's keyring: a key-encryption key and the wrapped data keys, in one file
/// of the data dir with mode 0600. Plaintext data keys live only in memory.
public final class LocalKeyring: Keyring {
    private let path: String
    private let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var file: KeyringFile
        var current: [TenantID: DataKey] = [:]
        var unwrapped: [String: DataKey] = [:]
    }

    /// Opens the keyring at `path`, creating it with a fresh key-encryption key if absent.
    public init(path: String, logger: Logger) throws(ServiceError) {
        self.path = path
        self.logger = logger
        if let data = try SecretFile.read(path) {
            do {
                let file = try JSONCoding.decoder().decode(KeyringFile.self, from: data)
                guard file.format == 1, !file.keyEncryptionKeys.isEmpty else {
                    throw ServiceError.unavailable("unsupported keyring format")
                }
                self.state = Mutex(State(file: file))
            } catch {
                throw ServiceError.unavailable("the keyring at \(path) is unreadable: \(error)")
            }
        } else {
            let material = try LocalKeyring.random(AESGCM.keySize)
            let file = KeyringFile(
                keyEncryptionKeys: [.init(version: 1, material: Data(material).base64EncodedString(),
                                          createdAt: Timestamp.now().rfc3339)],
                dataKeys: [])
            try LocalKeyring.persist(file, to: path)
            logger.notice("created a new keyring", metadata: ["path": "\(path)"])
            self.state = Mutex(State(file: file))
        }
    }

    public func currentDataKey(for tenant: TenantID) async throws(ServiceError) -> DataKey {
        try state.withLock { (state) throws(ServiceError) -> DataKey in
            if let key = state.current[tenant] { return key }
            if let stored = state.file.dataKeys.last(where: { $0.tenant == tenant.rawValue }) {
                let key = try unwrap(stored, in: state.file)
                state.current[tenant] = key
                state.unwrapped[key.id] = key
                return key
            }
            let key = try createDataKey(for: tenant, in: &state.file)
            state.current[tenant] = key
            state.unwrapped[key.id] = key
            return key
        }
    }

    public func dataKey(id: String, tenant: TenantID) async throws(ServiceError) -> DataKey {
        try state.withLock { (state) throws(ServiceError) -> DataKey in
            if let key = state.unwrapped[id] {
                guard key.tenant == tenant else { throw LocalKeyring.unknownKey }
                return key
            }
            guard let stored = state.file.dataKeys.first(where: { $0.id == id }),
                  stored.tenant == tenant.rawValue else { throw LocalKeyring.unknownKey }
            let key = try unwrap(stored, in: state.file)
            state.unwrapped[id] = key
            return key
        }
    }

    private static let unknownKey = ServiceError(
        .decryptionFailed, "the entry's data key is not in the keyring (it was destroyed or never existed)")

    private func createDataKey(for tenant: TenantID, in file: inout KeyringFile) throws(ServiceError) -> DataKey {
        guard let kek = file.keyEncryptionKeys.last, let kekMaterial = Data(base64Encoded: kek.material) else {
            throw ServiceError.unavailable("the keyring has no usable key-encryption key")
        }
        let id = "dk_" + Base64URL.encode(try LocalKeyring.random(12))
        var material = try LocalKeyring.random(AESGCM.keySize)
        defer { secureZero(&material) }
        let nonce = try LocalKeyring.random(AESGCM.nonceSize)
        let sealed: (ciphertext: [UInt8], tag: [UInt8])
        do {
            sealed = try AESGCM.seal(key: [UInt8](kekMaterial), nonce: nonce, plaintext: material,
                                     aad: LocalKeyring.wrappingContext(id: id, tenant: tenant.rawValue))
        } catch {
            throw ServiceError.internalError("wrapping a data key failed")
        }
        var updated = file
        updated.dataKeys.append(.init(
            id: id, tenant: tenant.rawValue, kekVersion: kek.version,
            wrapped: Data(nonce + sealed.ciphertext + sealed.tag).base64EncodedString(),
            createdAt: Timestamp.now().rfc3339))
        try LocalKeyring.persist(updated, to: path)
        file = updated
        logger.info("created a data key", metadata: ["tenant": "\(tenant)", "key": "\(id)"])
        return DataKey(id: id, tenant: tenant, material: material)
    }

    private func unwrap(_ stored: KeyringFile.WrappedDataKey, in file: KeyringFile) throws(ServiceError) -> DataKey {
        guard let tenant = TenantID(stored.tenant),
              let kek = file.keyEncryptionKeys.first(where: { $0.version == stored.kekVersion }),
              let kekMaterial = Data(base64Encoded: kek.material),
              let wrapped = Data(base64Encoded: stored.wrapped),
              wrapped.count == AESGCM.nonceSize + AESGCM.keySize + AESGCM.tagSize else {
            throw ServiceError(.decryptionFailed, "the data key \(stored.id) cannot be unwrapped")
        }
        let bytes = [UInt8](wrapped)
        do {
            let material = try AESGCM.open(
                key: [UInt8](kekMaterial), nonce: Array(bytes[0..<12]),
                ciphertext: Array(bytes[12..<44]), tag: Array(bytes[44...]),
                aad: LocalKeyring.wrappingContext(id: stored.id, tenant: stored.tenant))
            return DataKey(id: stored.id, tenant: tenant, material: material)
        } catch {
            throw ServiceError(.decryptionFailed, "the data key \(stored.id) failed authentication")
        }
    }

    /// Binds a wrapped data key to its id and tenant, as KMS binds an encryption context.
    private static func wrappingContext(id: String, tenant: String) -> [UInt8] {
        Array("logsvc/data-key/v1".utf8) + [0] + Array(id.utf8) + [0] + Array(tenant.utf8)
    }

    private static func random(_ count: Int) throws(ServiceError) -> [UInt8] {
        do { return try SecureRandom.bytes(count) } catch { throw ServiceError.internalError("no randomness: \(error)") }
    }

    private static func persist(_ file: KeyringFile, to path: String) throws(ServiceError) {
        let data: Data
        do { data = try JSONCoding.encoder().encode(file) } catch {
            throw ServiceError.internalError("cannot encode the keyring")
        }
        try SecretFile.write(data, to: path)
    }
}
