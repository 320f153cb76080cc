import CryptoPrimitives
@testable import EnvelopeCrypto
import Foundation
import Model
import TestSupport
import Testing

@Suite("The master key")
struct MasterKeyTests {
    @Test("comes from LOGSVC_MASTER_KEY when set, and must be 32 bytes of base64")
    func fromEnvironment() throws {
        let directory = try Scratch.directory()
        let key = Data(try SecureRandom.bytes(32)).base64EncodedString()
        _ = try MasterKey.resolve(environment: [MasterKey.environmentVariable: key], keyFile: directory + "/master.key",
                                  firstStart: false, logger: logger)
        #expect(!FileManager.default.fileExists(atPath: directory + "/master.key"))
        for bad in ["short", Data(repeating: 1, count: 16).base64EncodedString(), "!!!!"] {
            #expect(throws: ServiceError.self) {
                try MasterKey.resolve(environment: [MasterKey.environmentVariable: bad], keyFile: directory + "/master.key",
                                      firstStart: true, logger: logger)
            }
        }
    }

    @Test("is generated into a 0600 key file on the first start only")
    func generatedOnFirstStart() throws {
        let directory = try Scratch.directory()
        let file = directory + "/master.key"
        let missing = #expect(throws: ServiceError.self) {
            try MasterKey.resolve(environment: [:], keyFile: file, firstStart: false, logger: logger)
        }
        #expect(missing?.message.contains(MasterKey.environmentVariable) == true)
        _ = try MasterKey.resolve(environment: [:], keyFile: file, firstStart: true, logger: logger)
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        let contents = try String(contentsOfFile: file, encoding: .utf8)
        _ = try MasterKey.resolve(environment: [:], keyFile: file, firstStart: false, logger: logger)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == contents)
    }
}

@Suite("The local key management service")
struct LocalKMSTests {
    @Test("wraps data keys so they unwrap only with the same encryption context")
    func encryptionContext() async throws {
        let fixture = try KeyringFixture(try Scratch.directory())
        let key = try await fixture.kms.generateDataKey(context: ["tenant": "acme"])
        #expect(key.plaintext.count == 32)
        #expect(key.wrapped.keyEncryptionKeyID == "local:v1")
        #expect(try await fixture.kms.decrypt(key.wrapped, context: ["tenant": "acme"]) == key.plaintext)
        let other = await #expect(throws: ServiceError.self) {
            try await fixture.kms.decrypt(key.wrapped, context: ["tenant": "globex"])
        }
        #expect(other?.code == .decryptionFailed)
        for index in key.wrapped.ciphertext.indices {
            var bytes = key.wrapped.ciphertext
            bytes[index] ^= 0x01
            let tampered = WrappedDataKey(ciphertext: bytes, keyEncryptionKeyID: key.wrapped.keyEncryptionKeyID)
            await #expect(throws: ServiceError.self) { try await fixture.kms.decrypt(tampered, context: ["tenant": "acme"]) }
        }
    }

    @Test("a wrong master key refuses to open the keyring and leaves it untouched")
    func wrongMasterKey() throws {
        let directory = try Scratch.directory()
        _ = try KeyringFixture(directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: directory + "/keyring.json"))
        let wrong = Data(try SecureRandom.bytes(32)).base64EncodedString()
        let error = #expect(throws: ServiceError.self) { try KeyringFixture(directory, masterKey: wrong) }
        #expect(error?.message.contains("master key does not open the keyring") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/keyring.json")) == before)
    }

    @Test("rotation makes a new version current while keys wrapped under the old one still unwrap; re-encryption moves them")
    func rotation() async throws {
        let fixture = try KeyringFixture(try Scratch.directory())
        let old = try await fixture.kms.generateDataKey(context: ["tenant": "acme"])
        #expect(try fixture.kms.rotate() == 2)
        let new = try await fixture.kms.generateDataKey(context: ["tenant": "acme"])
        #expect(new.wrapped.keyEncryptionKeyID == "local:v2")
        #expect(try await fixture.kms.decrypt(old.wrapped, context: ["tenant": "acme"]) == old.plaintext)
        let moved = try await fixture.kms.reEncrypt(old.wrapped, context: ["tenant": "acme"])
        #expect(moved.keyEncryptionKeyID == "local:v2")
        #expect(try await fixture.kms.decrypt(moved, context: ["tenant": "acme"]) == old.plaintext)
        #expect(throws: ServiceError.self) { try fixture.kms.retire(2) }
        try fixture.kms.retire(1)
        await #expect(throws: ServiceError.self) { try await fixture.kms.decrypt(old.wrapped, context: ["tenant": "acme"]) }
        let reopened = try KeyringFixture(fixture.directory, masterKey: fixture.masterKey)
        #expect(reopened.kms.versionNumbers == [2])
    }

    @Test("a running keyring picks up a version another process added")
    func seesRotationByAnotherProcess() async throws {
        let fixture = try KeyringFixture(try Scratch.directory())
        _ = try await fixture.kms.generateDataKey(context: ["tenant": "acme"])
        let admin = try KeyringFixture(fixture.directory, masterKey: fixture.masterKey)
        #expect(try admin.kms.rotate() == 2)
        try await Task.sleep(for: .seconds(2.1))
        #expect(try await fixture.kms.generateDataKey(context: ["tenant": "acme"]).wrapped.keyEncryptionKeyID == "local:v2")
    }
}

@Suite("Tenant keyring")
struct TenantKeyringTests {
    private let acme = TenantID("acme")!
    private let globex = TenantID("globex")!

    @Test("reuses a data key within its message, byte and age limits and makes a new one past them")
    func cacheLimits() async throws {
        let fixture = try KeyringFixture(try Scratch.directory(), cacheSettings: DataKeyCacheSettings(maxMessages: 3, maxBytes: 100))
        let first = try await fixture.keyring.sealingKey(for: acme, messages: 2, bytes: 10)
        #expect(try await fixture.keyring.sealingKey(for: acme, messages: 1, bytes: 10).id == first.id)
        let second = try await fixture.keyring.sealingKey(for: acme, messages: 1, bytes: 10)
        #expect(second.id != first.id, "a fourth message exceeds max_messages")
        let third = try await fixture.keyring.sealingKey(for: acme, messages: 1, bytes: 95)
        #expect(third.id != second.id, "the bytes exceed max_bytes")
        #expect(try await fixture.keyring.sealingKey(for: globex, messages: 1, bytes: 1).id != third.id, "one key per tenant")
        let aged = try KeyringFixture(try Scratch.directory(), cacheSettings: DataKeyCacheSettings(maxAgeSeconds: 0))
        let a = try await aged.keyring.sealingKey(for: acme, messages: 1, bytes: 1)
        #expect(try await aged.keyring.sealingKey(for: acme, messages: 1, bytes: 1).id != a.id)
    }

    @Test("shredding a tenant destroys its keys for good, leaves other tenants alone, and names the result")
    func shred() async throws {
        let fixture = try KeyringFixture(try Scratch.directory())
        let acmeKey = try await fixture.keyring.sealingKey(for: acme, messages: 1, bytes: 1)
        let globexKey = try await fixture.keyring.sealingKey(for: globex, messages: 1, bytes: 1)
        #expect(try await fixture.keyring.shred(acme) == 1)
        let destroyed = await #expect(throws: ServiceError.self) { try await fixture.keyring.dataKey(id: acmeKey.id, tenant: acme) }
        #expect(destroyed?.code == .keyDestroyed)
        #expect(try await fixture.keyring.dataKey(id: globexKey.id, tenant: globex).id == globexKey.id)
        let restarted = try KeyringFixture(fixture.directory, masterKey: fixture.masterKey)
        await #expect(throws: ServiceError.self) { try await restarted.keyring.dataKey(id: acmeKey.id, tenant: acme) }
        #expect(try await restarted.keyring.sealingKey(for: acme, messages: 1, bytes: 1).id != acmeKey.id, "new writes get a new key")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.directory + "/keys.sqlite"))
        #expect(bytes.range(of: Data(acmeKey.id.utf8)) == nil, "secure_delete and VACUUM leave no trace of the key")
    }

    @Test("a running service forgets a tenant shredded by another process within seconds")
    func shredSeenByAnotherProcess() async throws {
        let fixture = try KeyringFixture(try Scratch.directory())
        let key = try await fixture.keyring.sealingKey(for: acme, messages: 1, bytes: 1)
        _ = try await fixture.keyring.dataKey(id: key.id, tenant: acme)
        let admin = try KeyringFixture(fixture.directory, masterKey: fixture.masterKey)
        _ = try await admin.keyring.shred(acme)
        try await Task.sleep(for: .seconds(2.1))
        let error = await #expect(throws: ServiceError.self) { try await fixture.keyring.dataKey(id: key.id, tenant: acme) }
        #expect(error?.code == .keyDestroyed)
    }

    @Test("re-wrap moves every data key to the current version without changing it, and can resume")
    func rewrap() async throws {
        let fixture = try KeyringFixture(try Scratch.directory(), cacheSettings: DataKeyCacheSettings(maxAgeSeconds: 0))
        var keys: [DataKey] = []
        for tenant in [acme, globex, acme, globex, acme] { keys.append(try await fixture.keyring.sealingKey(for: tenant, messages: 1, bytes: 1)) }
        _ = try fixture.kms.rotate()
        var reports: [(Int, Int)] = []
        let count = try await fixture.keyring.rewrap(batchSize: 2) { reports.append(($0, $1)) }
        #expect(count == 5)
        #expect(reports.map(\.0) == [2, 4, 5])
        #expect(reports.last?.1 == 0)
        #expect(try await fixture.store.countsByKeyEncryptionKey() == ["local:v2": 5])
        #expect(try await fixture.keyring.rewrap { _, _ in } == 0, "nothing left to do")
        try fixture.kms.retire(1)
        let reopened = try KeyringFixture(fixture.directory, masterKey: fixture.masterKey)
        for key in keys {
            #expect(try await reopened.keyring.dataKey(id: key.id, tenant: key.tenant).material == key.material)
        }
    }
}
