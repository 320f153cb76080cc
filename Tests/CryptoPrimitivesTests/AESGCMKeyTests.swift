import CryptoPrimitives
import Testing

@Suite("AES-GCM with a prepared key")
struct AESGCMKeyTests {
    private let key: [UInt8] = (0..<32).map { UInt8($0) }

    @Test("seals exactly as the one-shot function and opens what either sealed")
    func matchesOneShot() throws {
        let prepared = try AESGCMKey(key)
        for size in [0, 1, 16, 255, 1024] {
            let nonce = try SecureRandom.bytes(12)
            let plaintext = try SecureRandom.bytes(size)
            let aad = try SecureRandom.bytes(size % 40)
            let sealed = try prepared.seal(nonce: nonce, plaintext: plaintext, aad: aad)
            let oneShot = try AESGCM.seal(key: key, nonce: nonce, plaintext: plaintext, aad: aad)
            #expect(sealed.ciphertext == oneShot.ciphertext)
            #expect(sealed.tag == oneShot.tag)
            #expect(try prepared.open(nonce: nonce, ciphertext: oneShot.ciphertext, tag: oneShot.tag, aad: aad) == plaintext)
        }
    }

    @Test("rejects a changed tag, aad or nonce, and keeps working after a rejection")
    func rejectsTampering() throws {
        let prepared = try AESGCMKey(key)
        let nonce = try SecureRandom.bytes(12)
        let sealed = try prepared.seal(nonce: nonce, plaintext: Array("secret".utf8), aad: [1, 2])
        var tag = sealed.tag
        tag[0] ^= 1
        #expect(throws: CryptoFailure.self) { try prepared.open(nonce: nonce, ciphertext: sealed.ciphertext, tag: tag, aad: [1, 2]) }
        #expect(throws: CryptoFailure.self) { try prepared.open(nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, aad: [1, 3]) }
        #expect(throws: CryptoFailure.self) {
            try prepared.open(nonce: try SecureRandom.bytes(12), ciphertext: sealed.ciphertext, tag: sealed.tag, aad: [1, 2])
        }
        #expect(try prepared.open(nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, aad: [1, 2]) == Array("secret".utf8))
        #expect(throws: CryptoFailure.self) { try AESGCMKey([1, 2, 3]) }
    }

    @Test("is safe to use from many tasks at once")
    func concurrentUse() async throws {
        let prepared = try AESGCMKey(key)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let nonce = try SecureRandom.bytes(12)
                    let message = Array("message \(index)".utf8)
                    let sealed = try prepared.seal(nonce: nonce, plaintext: message, aad: [])
                    return try prepared.open(nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, aad: []) == message
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
