import CryptoPrimitives
import Foundation
import Model

/// The key that authenticates page cursors: `LOGSVC_CURSOR_KEY` (base64 of 32 bytes), or
/// `cursor.key` in the data dir, made on first use. Every process serving one store must share it.
/// The key of idempotency fingerprints is derived from it.
enum CursorKey {
    static let environmentVariable = "LOGSVC_CURSOR_KEY"
    static let fileName = "cursor.key"

    /// The key of the hashes that recognise retried writes.
    static func fingerprintKey(from cursorKey: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticationCode(key: cursorKey, data: Array("logsvc idempotency fingerprint".utf8))
    }

    static func resolve(environment: [String: String], dataDir: String) throws(ServiceError) -> [UInt8] {
        if let text = environment[environmentVariable], !text.isEmpty {
            guard let key = Data(base64Encoded: text), key.count == 32 else {
                throw ServiceError.unavailable("\(environmentVariable) must be the base64 of exactly 32 bytes")
            }
            return [UInt8](key)
        }
        let path = dataDir + "/" + fileName
        if let data = try SecretFile.read(path) {
            guard let key = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
                  key.count == 32 else {
                throw ServiceError.unavailable("\(path) must hold the base64 of exactly 32 bytes")
            }
            return [UInt8](key)
        }
        let key: [UInt8]
        do { key = try SecureRandom.bytes(32) } catch { throw ServiceError.internalError("no randomness") }
        try SecretFile.write(Data((Data(key).base64EncodedString() + "\n").utf8), to: path)
        return key
    }
}
