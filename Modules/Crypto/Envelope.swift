import CryptoPrimitives
public import Model

/// The sealed form of one message:
/// `0x01 | key-id length (1 byte) | key id | nonce (12) | ciphertext | tag (16)`.
/// The header and the entry's binding are the AES-GCM additional authenticated data.
public struct Envelope: Sendable, Equatable {
    static let format: UInt8 = 1

    public let dataKeyID: String
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]
    public let tag: [UInt8]

    /// Encrypts `plaintext` under `key`, bound to `binding`, with a fresh random nonce.
    public static func seal(_ plaintext: [UInt8], binding: EntryBinding, key: DataKey) throws(ServiceError) -> Envelope {
        let nonce: [UInt8]
        do { nonce = try RandomPool.shared.take(AESGCM.nonceSize) } catch {
            throw ServiceError.internalError("no randomness for a nonce")
        }
        let header = Envelope.header(dataKeyID: key.id)
        do {
            let sealed = try key.cipher.seal(nonce: nonce, plaintext: plaintext, aad: header + Envelope.associatedData(binding))
            return Envelope(dataKeyID: key.id, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
        } catch {
            throw ServiceError.internalError("encryption failed")
        }
    }

    /// Decrypts with `key`; `decryptionFailed` if any byte of the envelope or binding changed.
    public func open(binding: EntryBinding, key: DataKey) throws(ServiceError) -> [UInt8] {
        do {
            return try key.cipher.open(nonce: nonce, ciphertext: ciphertext, tag: tag,
                                       aad: Envelope.header(dataKeyID: dataKeyID) + Envelope.associatedData(binding))
        } catch {
            throw Envelope.tampered
        }
    }

    public var bytes: [UInt8] {
        Envelope.header(dataKeyID: dataKeyID) + nonce + ciphertext + tag
    }

    /// Parses the wire form; `decryptionFailed` if it is not a well-formed envelope.
    public init(bytes: [UInt8]) throws(ServiceError) {
        guard bytes.count >= 2, bytes[0] == Envelope.format else { throw Envelope.tampered }
        let idLength = Int(bytes[1])
        let nonceStart = 2 + idLength
        guard idLength > 0, bytes.count >= nonceStart + AESGCM.nonceSize + AESGCM.tagSize,
              let id = String(validating: bytes[2..<nonceStart], as: UTF8.self) else { throw Envelope.tampered }
        self.dataKeyID = id
        self.nonce = Array(bytes[nonceStart..<nonceStart + AESGCM.nonceSize])
        self.ciphertext = Array(bytes[(nonceStart + AESGCM.nonceSize)..<(bytes.count - AESGCM.tagSize)])
        self.tag = Array(bytes[(bytes.count - AESGCM.tagSize)...])
    }

    init(dataKeyID: String, nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
        self.dataKeyID = dataKeyID
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
    }

    static let tampered = ServiceError(
        .decryptionFailed, "the entry failed authentication: it was altered or damaged at rest")

    private static func header(dataKeyID: String) -> [UInt8] {
        let id = Array(dataKeyID.utf8.prefix(255))
        return [format, UInt8(id.count)] + id
    }

    /// Tenant, id, timestamp and severity, each unambiguously delimited.
    static func associatedData(_ binding: EntryBinding) -> [UInt8] {
        var bytes: [UInt8] = []
        func field(_ value: [UInt8]) {
            bytes.appendBigEndian(UInt64(value.count), width: 4)
            bytes += value
        }
        field(Array(binding.tenant.rawValue.utf8))
        field(Array(binding.id.utf8))
        var micros: [UInt8] = []
        micros.appendBigEndian(UInt64(bitPattern: binding.timestamp.microseconds), width: 8)
        field(micros)
        field([UInt8(binding.severity.rawValue)])
        return bytes
    }
}
