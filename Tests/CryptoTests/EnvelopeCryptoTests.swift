import Bus
import EnvelopeCrypto
import Foundation
import Logging
import Model
import TestSupport
import Testing

let logger = quietLogger("crypto-tests")


/// A bus hosting only the Crypto module over a local keyring in `directory`.
private func cryptoBus(_ directory: String) throws -> Bus {
    try KeyringFixture(directory).bus()
}

private let acme = TenantID("acme")!
private let globex = TenantID("globex")!

private func binding(_ tenant: TenantID = acme, id: String = "e1", micros: Int64 = 1_000,
                     severity: Severity = .info) -> EntryBinding {
    EntryBinding(tenant: tenant, id: id, timestamp: Timestamp(microseconds: micros), severity: severity)
}

private func seal(_ bus: Bus, _ message: String, _ binding: EntryBinding) async throws -> SealedMessage {
    let sealed = try await bus.request(Topics.cryptoSeal, SealRequest(
        tenant: binding.tenant, items: [.init(binding: binding, plaintext: Array(message.utf8))]))
    return try #require(sealed.first)
}

private func open(_ bus: Bus, _ sealed: SealedMessage, _ binding: EntryBinding) async throws -> OpenedMessage {
    let opened = try await bus.request(Topics.cryptoOpen, OpenRequest(
        tenant: binding.tenant, items: [.init(binding: binding, sealed: sealed)]))
    return try #require(opened.first)
}

@Suite("Envelope encryption over the bus")
struct EnvelopeCryptoTests {
    @Test("seals a message so that it opens to the same plaintext and does not contain it")
    func roundTrip() async throws {
        let bus = try cryptoBus(try Scratch.directory())
        let sealed = try await seal(bus, "card 4111-1111 declined", binding())
        #expect(!Data(sealed.bytes).contains(Data("4111-1111".utf8)))
        #expect(try await open(bus, sealed, binding()) == .plaintext(Array("card 4111-1111 declined".utf8)))
    }

    @Test("uses a fresh nonce per entry: the same message seals differently each time")
    func freshNonces() async throws {
        let bus = try cryptoBus(try Scratch.directory())
        let first = try await seal(bus, "same", binding())
        let second = try await seal(bus, "same", binding())
        #expect(first != second)
    }

    @Test("reports a decryption failure when any bound field differs", arguments: [
        binding(id: "e2"), binding(micros: 1_001), binding(severity: .error), binding(globex),
    ])
    func bindingChanges(other: EntryBinding) async throws {
        let bus = try cryptoBus(try Scratch.directory())
        _ = try await seal(bus, "warm up globex", binding(globex))
        let sealed = try await seal(bus, "secret", binding())
        guard case .failed(let error) = try await open(bus, sealed, other) else {
            Issue.record("opened under a different binding")
            return
        }
        #expect(error.code == .decryptionFailed)
    }

    @Test("reports a decryption failure, never garbage, for every single changed byte")
    func everyByteIsAuthenticated() async throws {
        let bus = try cryptoBus(try Scratch.directory())
        let sealed = try await seal(bus, "an entry", binding())
        for index in sealed.bytes.indices {
            var bytes = sealed.bytes
            bytes[index] ^= 0x01
            let outcome = try await open(bus, SealedMessage(bytes: bytes), binding())
            guard case .failed(let error) = outcome else {
                Issue.record("byte \(index) changed and the entry still opened")
                continue
            }
            #expect(error.code == .decryptionFailed)
        }
        let truncated = SealedMessage(bytes: Array(sealed.bytes.prefix(10)))
        #expect(try await open(bus, truncated, binding()) != .plaintext(Array("an entry".utf8)))
    }

    @Test("keeps only wrapped data keys, in 0600 files that survive restarts, without plaintext keys or messages")
    func keyringFiles() async throws {
        let directory = try Scratch.directory()
        let sealed = try await seal(try cryptoBus(directory), "persisted secret", binding())
        for file in ["keyring.json", "keys.sqlite"] {
            let path = directory + "/" + file
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data("persisted secret".utf8)) == nil)
        }
        let reopened = try cryptoBus(directory)
        #expect(try await open(reopened, sealed, binding()) == .plaintext(Array("persisted secret".utf8)))
    }

    @Test("refuses to open another tenant's envelope even when asked under that tenant")
    func crossTenant() async throws {
        let bus = try cryptoBus(try Scratch.directory())
        let sealed = try await seal(bus, "acme only", binding())
        _ = try await seal(bus, "globex key", binding(globex))
        guard case .failed(let error) = try await open(bus, sealed, binding(globex)) else {
            Issue.record("globex opened acme's entry")
            return
        }
        #expect(error.code == .decryptionFailed)
    }

    @Test("a keyring without the data key answers decryption_failed, not an error for the whole page")
    func missingKey() async throws {
        let sealed = try await seal(try cryptoBus(try Scratch.directory()), "orphan", binding())
        let otherKeyring = try cryptoBus(try Scratch.directory())
        guard case .failed(let error) = try await open(otherKeyring, sealed, binding()) else {
            Issue.record("opened without its key")
            return
        }
        #expect(error.code == .decryptionFailed)
    }
}
