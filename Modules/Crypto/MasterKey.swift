import CryptoPrimitives
import Foundation
public import Logging
public import Model

/// The key that protects the local keyring file: from `LOGSVC_MASTER_KEY` (base64 of 32 bytes) or
/// a key file with mode 0600, generated on the very first start when neither exists.
public struct MasterKey: Sendable {
    let material: [UInt8]

    public static let environmentVariable = "LOGSVC_MASTER_KEY"

    init(material: [UInt8]) { self.material = material }

    /// Finds the master key. A new one is made only when `firstStart` (no keyring exists yet);
    /// otherwise a missing or malformed key stops the start, so nothing is ever re-keyed by accident.
    public static func resolve(environment: [String: String], keyFile: String, firstStart: Bool,
                               logger: Logger) throws(ServiceError) -> MasterKey {
        if let text = environment[environmentVariable], !text.isEmpty {
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  bytes.count == AESGCM.keySize else {
                throw ServiceError.unavailable("\(environmentVariable) must be the base64 of exactly 32 bytes")
            }
            return MasterKey(material: [UInt8](bytes))
        }
        if let data = try SecretFile.read(keyFile) {
            guard let text = String(data: data, encoding: .utf8),
                  let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  bytes.count == AESGCM.keySize else {
                throw ServiceError.unavailable("the master key file \(keyFile) must hold the base64 of exactly 32 bytes")
            }
            return MasterKey(material: [UInt8](bytes))
        }
        guard firstStart else {
            throw ServiceError.unavailable(
                "the keyring exists but its master key is missing: set \(environmentVariable) or restore \(keyFile)")
        }
        let material: [UInt8]
        do { material = try SecureRandom.bytes(AESGCM.keySize) } catch { throw ServiceError.internalError("no randomness") }
        try SecretFile.write(Data((Data(material).base64EncodedString() + "\n").utf8), to: keyFile)
        logger.warning("generated a new master key; back it up apart from the data dir: without it no entry can be read",
                       metadata: ["file": "\(keyFile)"])
        return MasterKey(material: material)
    }
}
