import CryptoPrimitives
import Model

/// The text of an API key: `lsk_<id>_<secret>`, 64 ASCII characters. `lsk_` makes it recognisable (to the verifier,
/// and to secret scanners in a leaked file); `<id>` is 16 of `[a-z0-9]`, public, naming the key in lists and
/// revocations; `<secret>` is 32 random bytes (256 bits) in unpadded base64url, 43 characters. The service stores only
/// the key's keyed hash (`APIKeyring.hash`), over the whole text, so a stored hash is bound to its id, and a secret
/// spelled another way (non-canonical base64url) is simply a wrong one.
struct APIKeyText: Sendable, Equatable {
    let id: String
    /// The whole key, as presented.
    let text: String

    static let prefix = "lsk_"
    static let idLength = 16
    static let secretBytes = 32
    /// `prefix`, the id, `_`, and the secret's 43 base64url characters.
    static let length = 4 + idLength + 1 + 43

    /// Whether `credential` is meant as an API key (it starts with `lsk_`), whatever follows.
    static func isAPIKey(_ credential: String) -> Bool { credential.utf8.starts(with: prefix.utf8) }

    /// A new key: a random id and secret from the system's secure generator.
    static func generate() throws(ServiceError) -> APIKeyText {
        let id = RandomText.make(idLength, from: RandomText.lowercaseAlphanumeric)
        let secret: [UInt8]
        do { secret = try SecureRandom.bytes(secretBytes) } catch { throw ServiceError.internalError("no randomness") }
        return APIKeyText(id: id, text: prefix + id + "_" + Base64URL.encode(secret))
    }

    /// The key `credential` spells, nil unless it has exactly this shape: `lsk_`, 16 of `[a-z0-9]`, `_`, 43 of the
    /// base64url alphabet. One pass over the bytes against a table, no decoding (it runs on every request with a key).
    init?(parsing credential: String) {
        var credential = credential
        guard credential.utf8.count == APIKeyText.length else { return nil }
        let id: String? = credential.withUTF8 { bytes in
            APIKeyText.pattern.withUnsafeBufferPointer { pattern in
                APIKeyText.classes.withUnsafeBufferPointer { classes in
                    for index in 0..<APIKeyText.length where classes[Int(bytes[index])] & pattern[index] == 0 { return nil }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[4..<20]), as: UTF8.self)
                }
            }
        }
        guard let id else { return nil }
        self.init(id: id, text: credential)
    }

    private init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// Whether `id` has the shape of a key's id (what a revocation names), so that nothing else reaches the store.
    static func isValidID(_ id: String) -> Bool {
        id.utf8.count == idLength && id.utf8.allSatisfy { APIKeyText.classes[Int($0)] & APIKeyText.idCharacter != 0 }
    }

    private static let idCharacter: UInt8 = 1, secretCharacter: UInt8 = 2, l: UInt8 = 4, s: UInt8 = 8, k: UInt8 = 16, underscore: UInt8 = 32

    /// Per byte, the classes it belongs to: id characters (`[a-z0-9]`), secret characters (the base64url alphabet), and
    /// each character of the fixed parts (`l`, `s`, `k`, `_`).
    private static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in "abcdefghijklmnopqrstuvwxyz0123456789".utf8 { table[Int(byte)] |= idCharacter }
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8 { table[Int(byte)] |= secretCharacter }
        table[Int(UInt8(ascii: "l"))] |= l
        table[Int(UInt8(ascii: "s"))] |= s
        table[Int(UInt8(ascii: "k"))] |= k
        table[Int(UInt8(ascii: "_"))] |= underscore
        return table
    }()

    /// Per position of a key, the class its byte must belong to: `lsk_`, 16 id characters, `_`, 43 secret characters.
    private static let pattern: [UInt8] = [l, s, k, underscore] + [UInt8](repeating: idCharacter, count: idLength) + [underscore]
        + [UInt8](repeating: secretCharacter, count: length - 21)
}
