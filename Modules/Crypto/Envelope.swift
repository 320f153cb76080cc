import CryptoPrimitives
public import Model

/// The sealed form of one message:
/// `0x01 | key-id length (1 byte) | key id | nonce (12) | ciphertext | tag (16)`.
/// The header and the entry's binding are the AES-GCM additional authenticated data. It holds its bytes and reads
/// its parts in place: opening an entry copies nothing but what it decrypts.
public struct Envelope: Sendable, Equatable {
    static let format: UInt8 = 1

    public let bytes: [UInt8]
    /// Where the nonce starts: the header (format, key-id length, key id) is everything before it.
    private let nonceStart: Int

    /// Encrypts `plaintext` under `key`, bound to `binding`, with a fresh random nonce.
    public static func seal(_ plaintext: [UInt8], binding: EntryBinding, key: DataKey) throws(ServiceError) -> Envelope {
        let nonce: [UInt8]
        do { nonce = try RandomPool.shared.take(AESGCM.nonceSize) } catch {
            throw ServiceError.internalError("no randomness for a nonce")
        }
        let id = Array(key.id.utf8.prefix(255))
        let header = [format, UInt8(id.count)] + id
        do {
            let sealed = try key.cipher.seal(nonce: nonce, plaintext: plaintext, aad: Envelope.associatedData(binding, after: header[...]))
            return Envelope(parts: header + nonce + sealed.ciphertext + sealed.tag, nonceStart: header.count)
        } catch {
            throw ServiceError.internalError("encryption failed")
        }
    }

    /// The id of the data key it was sealed with; `decryptionFailed` if it is not UTF-8.
    public var dataKeyID: String {
        get throws(ServiceError) {
            guard let id = String(validating: bytes[2..<nonceStart], as: UTF8.self) else { throw Envelope.tampered }
            return id
        }
    }

    /// Whether it was sealed with `key`, compared byte by byte, without making its id a string.
    func isSealed(with key: DataKey) -> Bool { bytes[2..<nonceStart] == key.idBytes[...] }

    /// Decrypts with `key`; `decryptionFailed` if any byte of the envelope or binding changed.
    public func open(binding: EntryBinding, key: DataKey) throws(ServiceError) -> [UInt8] {
        let aad = Envelope.associatedData(binding, after: bytes[..<nonceStart])
        let ciphertextStart = nonceStart + AESGCM.nonceSize
        let tagStart = bytes.count - AESGCM.tagSize
        let opened = bytes.withUnsafeBytes { raw in
            aad.withUnsafeBytes { aad in
                Result { () throws(CryptoFailure) in
                    try key.cipher.open(nonce: UnsafeRawBufferPointer(rebasing: raw[nonceStart..<ciphertextStart]),
                                        ciphertext: UnsafeRawBufferPointer(rebasing: raw[ciphertextStart..<tagStart]),
                                        tag: UnsafeRawBufferPointer(rebasing: raw[tagStart...]), aad: aad)
                }
            }
        }
        do { return try opened.get() } catch { throw Envelope.tampered }
    }

    /// Parses the wire form; `decryptionFailed` if it is not a well-formed envelope.
    public init(bytes: [UInt8]) throws(ServiceError) {
        guard bytes.count >= 2, bytes[0] == Envelope.format else { throw Envelope.tampered }
        let idLength = Int(bytes[1])
        let nonceStart = 2 + idLength
        guard idLength > 0, bytes.count >= nonceStart + AESGCM.nonceSize + AESGCM.tagSize else { throw Envelope.tampered }
        self.init(parts: bytes, nonceStart: nonceStart)
    }

    private init(parts bytes: [UInt8], nonceStart: Int) {
        self.bytes = bytes
        self.nonceStart = nonceStart
    }

    static let tampered = ServiceError(
        .decryptionFailed, "the entry failed authentication: it was altered or damaged at rest")

    /// `header`, then tenant, id, timestamp and severity, each unambiguously delimited, in one buffer.
    static func associatedData(_ binding: EntryBinding, after header: ArraySlice<UInt8>) -> [UInt8] {
        let tenant = binding.tenant.rawValue.utf8
        let id = binding.id.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(header.count + 16 + tenant.count + id.count + 8 + 1)
        bytes += header
        bytes.appendBigEndian(UInt64(tenant.count), width: 4)
        bytes += tenant
        bytes.appendBigEndian(UInt64(id.count), width: 4)
        bytes += id
        bytes.appendBigEndian(8, width: 4)
        bytes.appendBigEndian(UInt64(bitPattern: binding.timestamp.microseconds), width: 8)
        bytes.appendBigEndian(1, width: 4)
        bytes.append(UInt8(binding.severity.rawValue))
        return bytes
    }
}
