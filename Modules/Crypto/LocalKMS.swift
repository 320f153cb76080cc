import CryptoPrimitives
import Foundation
public import Logging
public import Model
import Synchronization

/// The single binary's key-encryption keys: numbered versions in `keyring.json`, each stored
/// encrypted under the master key. Data keys are wrapped with AES-256-GCM under the current version,
/// bound to their encryption context, as KMS does.
public final class LocalKMS: KeyManagementService {
    private let path: String
    private let masterKey: MasterKey
    private let logger: Logger
    private let versions: Mutex<[Version]>
    /// When the file was last read, to pick up versions another process (the admin CLI) added.
    private let loaded = Mutex<(modified: Int, checkedAt: ContinuousClock.Instant)>((0, .now))

    struct Version {
        let number: Int
        let material: [UInt8]
        let createdAt: String
    }

    private struct File: Codable {
        var format = 2
        var keyEncryptionKeys: [Entry]

        struct Entry: Codable {
            let version: Int
            /// Base64 of nonce, ciphertext and tag of the key under the master key.
            let wrapped: String
            let createdAt: String

            enum CodingKeys: String, CodingKey {
                case version, wrapped
                case createdAt = "created_at"
            }
        }

        enum CodingKeys: String, CodingKey {
            case format
            case keyEncryptionKeys = "key_encryption_keys"
        }
    }

    /// Opens the keyring at `path`, creating it (version 1) when absent. A wrong master key or a
    /// damaged file stops here with a clear message; nothing is overwritten.
    public init(path: String, masterKey: MasterKey, logger: Logger) throws(ServiceError) {
        self.path = path
        self.masterKey = masterKey
        self.logger = logger
        if let versions = try LocalKMS.load(path, masterKey: masterKey) {
            self.versions = Mutex(versions)
        } else {
            let first = Version(number: 1, material: try LocalKMS.random(AESGCM.keySize), createdAt: Timestamp.now().rfc3339)
            try LocalKMS.persist([first], masterKey: masterKey, to: path)
            logger.notice("created a new keyring", metadata: ["path": "\(path)"])
            self.versions = Mutex([first])
        }
        loaded.withLock { $0 = (LocalKMS.modificationTime(path), .now) }
    }

    private static func load(_ path: String, masterKey: MasterKey) throws(ServiceError) -> [Version]? {
        guard let data = try SecretFile.read(path) else { return nil }
        let file: File
        do { file = try JSONCoding.decoder().decode(File.self, from: data) } catch {
            throw ServiceError.unavailable("the keyring \(path) is not a logsvc keyring (format 2): \(error)")
        }
        var versions: [Version] = []
        for entry in file.keyEncryptionKeys {
            guard let wrapped = Data(base64Encoded: entry.wrapped),
                  let material = try? LocalKMS.open([UInt8](wrapped), key: masterKey.material,
                                                    aad: LocalKMS.versionContext(entry.version)) else {
                throw ServiceError.unavailable(
                    "the master key does not open the keyring \(path) (key-encryption key version \(entry.version)); "
                    + "check \(MasterKey.environmentVariable) or the master key file")
            }
            versions.append(Version(number: entry.version, material: material, createdAt: entry.createdAt))
        }
        guard !versions.isEmpty else { throw ServiceError.unavailable("the keyring \(path) holds no key") }
        return versions
    }

    /// Re-reads the file when another process changed it (checked at most every two seconds).
    private func reloadIfChanged() {
        let now = ContinuousClock.now
        let due = loaded.withLock { state -> Bool in
            guard now - state.checkedAt >= .seconds(2) else { return false }
            state.checkedAt = now
            return true
        }
        guard due else { return }
        let modified = LocalKMS.modificationTime(path)
        guard modified != loaded.withLock({ $0.modified }) else { return }
        do {
            if let fresh = try LocalKMS.load(path, masterKey: masterKey) {
                versions.withLock { $0 = fresh }
                loaded.withLock { $0.modified = modified }
                logger.notice("reloaded the keyring", metadata: ["versions": "\(fresh.map(\.number))"])
            }
        } catch {
            logger.error("the keyring changed on disk but cannot be read; keeping the loaded keys", metadata: ["error": "\(error.message)"])
        }
    }

    private static func modificationTime(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
    }

    public func currentKeyID() async throws(ServiceError) -> String {
        reloadIfChanged()
        return LocalKMS.keyID(version: currentVersion)
    }

    /// The version new data keys are wrapped under.
    public var currentVersion: Int { versions.withLock { $0.map(\.number).max() ?? 0 } }

    /// Every version still held.
    public var versionNumbers: [Int] { versions.withLock { $0.map(\.number).sorted() } }

    public func generateDataKey(context: EncryptionContext) async throws(ServiceError) -> GeneratedDataKey {
        let plaintext = try LocalKMS.random(AESGCM.keySize)
        return GeneratedDataKey(plaintext: plaintext, wrapped: try wrap(plaintext, context: context))
    }

    public func decrypt(_ key: WrappedDataKey, context: EncryptionContext) async throws(ServiceError) -> [UInt8] {
        let wrapped = key.ciphertext
        guard wrapped.count == 4 + AESGCM.nonceSize + AESGCM.keySize + AESGCM.tagSize else { throw LocalKMS.invalid }
        let number = wrapped.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        if !versions.withLock({ $0.contains { $0.number == number } }) { reloadIfChanged() }
        guard let version = versions.withLock({ $0.first { $0.number == number } }) else {
            throw ServiceError(.decryptionFailed, "the data key is wrapped under key-encryption key version \(number), which was retired")
        }
        guard let plaintext = try? LocalKMS.open(Array(wrapped.dropFirst(4)), key: version.material,
                                                 aad: LocalKMS.dataKeyContext(context, version: number)) else {
            throw LocalKMS.invalid
        }
        return plaintext
    }

    public func reEncrypt(_ wrapped: WrappedDataKey, context: EncryptionContext) async throws(ServiceError) -> WrappedDataKey {
        var plaintext = try await decrypt(wrapped, context: context)
        defer { secureZero(&plaintext) }
        return try wrap(plaintext, context: context)
    }

    /// Adds a new version and makes it current; returns its number.
    public func rotate() throws(ServiceError) -> Int {
        let material = try LocalKMS.random(AESGCM.keySize)
        return try versions.withLock { (versions) throws(ServiceError) -> Int in
            let next = Version(number: (versions.map(\.number).max() ?? 0) + 1, material: material,
                               createdAt: Timestamp.now().rfc3339)
            try LocalKMS.persist(versions + [next], masterKey: masterKey, to: path)
            versions.append(next)
            loaded.withLock { $0.modified = LocalKMS.modificationTime(path) }
            return next.number
        }
    }

    /// Deletes a version; the caller first makes sure no data key is wrapped under it.
    public func retire(_ number: Int) throws(ServiceError) {
        try versions.withLock { (versions) throws(ServiceError) in
            guard versions.contains(where: { $0.number == number }) else {
                throw ServiceError(.notFound, "there is no key-encryption key version \(number)")
            }
            guard number != versions.map(\.number).max() else {
                throw ServiceError.invalid("version \(number) is current; rotate first")
            }
            let remaining = versions.filter { $0.number != number }
            try LocalKMS.persist(remaining, masterKey: masterKey, to: path)
            versions = remaining
            loaded.withLock { $0.modified = LocalKMS.modificationTime(path) }
        }
    }

    /// `secret` sealed under the master key with AES-256-GCM, as the key-encryption keys are, bound to `context`:
    /// nonce (12) | ciphertext | tag (16).
    public func sealSecret(_ secret: [UInt8], context: EncryptionContext) async throws(ServiceError) -> [UInt8] {
        guard secret.count <= LocalKMS.maxSecretBytes else { throw ServiceError.invalid("a sealed secret holds at most 4096 bytes") }
        return try LocalKMS.seal(secret, key: masterKey.material, aad: LocalKMS.secretContext(context))
    }

    public func openSecret(_ sealed: [UInt8], context: EncryptionContext) async throws(ServiceError) -> [UInt8] {
        guard let secret = try? LocalKMS.open(anyLength: sealed, key: masterKey.material, aad: LocalKMS.secretContext(context)) else {
            throw ServiceError(.decryptionFailed, "the sealed secret does not open under this master key and context")
        }
        return secret
    }

    /// KMS Encrypt's limit on the plaintext.
    static let maxSecretBytes = 4096

    /// The identifier `WrappedDataKey.keyEncryptionKeyID` carries for a version.
    public static func keyID(version: Int) -> String { "local:v\(version)" }

    private func wrap(_ plaintext: [UInt8], context: EncryptionContext) throws(ServiceError) -> WrappedDataKey {
        reloadIfChanged()
        guard let version = versions.withLock({ $0.max { $0.number < $1.number } }) else {
            throw ServiceError.unavailable("the keyring holds no key")
        }
        let number = UInt32(version.number)
        let header = [UInt8(number >> 24), UInt8(number >> 16 & 0xff), UInt8(number >> 8 & 0xff), UInt8(number & 0xff)]
        let sealed = try LocalKMS.seal(plaintext, key: version.material,
                                       aad: LocalKMS.dataKeyContext(context, version: version.number))
        return WrappedDataKey(ciphertext: header + sealed, keyEncryptionKeyID: LocalKMS.keyID(version: version.number))
    }

    private static let invalid = ServiceError(.decryptionFailed, "the wrapped data key does not authenticate under its context")

    /// The encryption context, canonically: sorted `key=value` pairs, each length-prefixed, plus the version.
    static func dataKeyContext(_ context: EncryptionContext, version: Int) -> [UInt8] {
        canonical(context, domain: "logsvc/data-key/v1") + Array("#\(version)".utf8)
    }

    /// The context of a secret sealed under the master key, canonically, in a domain of its own.
    static func secretContext(_ context: EncryptionContext) -> [UInt8] {
        canonical(context, domain: "logsvc/secret/v1")
    }

    private static func canonical(_ context: EncryptionContext, domain: String) -> [UInt8] {
        var bytes = Array(domain.utf8) + [0]
        for (key, value) in context.sorted(by: { $0.key < $1.key }) {
            for part in [key, value] {
                let utf8 = Array(part.utf8)
                bytes += [UInt8(utf8.count >> 8 & 0xff), UInt8(utf8.count & 0xff)] + utf8
            }
        }
        return bytes
    }

    private static func versionContext(_ version: Int) -> [UInt8] { Array("logsvc/kek/v\(version)".utf8) }

    private static func seal(_ plaintext: [UInt8], key: [UInt8], aad: [UInt8]) throws(ServiceError) -> [UInt8] {
        do {
            let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
            let sealed = try AESGCM.seal(key: key, nonce: nonce, plaintext: plaintext, aad: aad)
            return nonce + sealed.ciphertext + sealed.tag
        } catch {
            throw ServiceError.internalError("wrapping a key failed")
        }
    }

    private static func open(_ bytes: [UInt8], key: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        guard bytes.count == AESGCM.nonceSize + AESGCM.keySize + AESGCM.tagSize else { throw LocalKMS.invalid }
        return try open(anyLength: bytes, key: key, aad: aad)
    }

    private static func open(anyLength bytes: [UInt8], key: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        guard bytes.count >= AESGCM.nonceSize + AESGCM.tagSize else { throw LocalKMS.invalid }
        let tagStart = bytes.count - AESGCM.tagSize
        return try AESGCM.open(key: key, nonce: Array(bytes[0..<AESGCM.nonceSize]),
                               ciphertext: Array(bytes[AESGCM.nonceSize..<tagStart]), tag: Array(bytes[tagStart...]), aad: aad)
    }

    private static func random(_ count: Int) throws(ServiceError) -> [UInt8] {
        do { return try SecureRandom.bytes(count) } catch { throw ServiceError.internalError("no randomness") }
    }

    private static func persist(_ versions: [Version], masterKey: MasterKey, to path: String) throws(ServiceError) {
        var entries: [File.Entry] = []
        for version in versions {
            let wrapped = try seal(version.material, key: masterKey.material, aad: versionContext(version.number))
            entries.append(.init(version: version.number, wrapped: Data(wrapped).base64EncodedString(), createdAt: version.createdAt))
        }
        let data: Data
        do { data = try JSONCoding.encoder().encode(File(keyEncryptionKeys: entries)) } catch {
            throw ServiceError.internalError("cannot encode the keyring")
        }
        try SecretFile.write(data, to: path)
    }
}
