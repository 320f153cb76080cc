import Bus
import EnvelopeCrypto
import Foundation
import Model
import TestSupport
import Testing

private let acme = TenantID("acme")!
private let globex = TenantID("globex")!

private func tokens(_ bus: Bus, _ tenant: TenantID, _ terms: [IndexTerm]) async throws -> [IndexToken] {
    try await bus.request(Topics.cryptoIndexTokens, IndexTokenRequest(tenant: tenant, terms: terms))
}

private func indexBus(_ fixture: KeyringFixture) throws -> Bus { try fixture.bus() }

private let checkout = IndexTerm(field: "service.name", .string("checkout"))!

@Suite("Blind-index tokens under each tenant's index key")
struct IndexKeyTests {
    @Test("equal terms of one tenant have equal tokens of 16 bytes; another value, field, type or tenant another token")
    func tokensTellApartWhatTheyShould() async throws {
        let bus = try indexBus(try KeyringFixture(try Scratch.directory()))
        let terms = [checkout, checkout, IndexTerm(field: "service.name", .string("search"))!,
                     IndexTerm(field: "peer.service", .string("checkout"))!, IndexTerm(field: "status", .int(504))!,
                     IndexTerm(field: "status", .string("504"))!]
        let made = try await tokens(bus, acme, terms)
        #expect(made.count == terms.count && made.allSatisfy { $0.bytes.count == 16 })
        #expect(made[0] == made[1])
        #expect(Set(made[1...]).count == 5)
        #expect(try await tokens(bus, globex, [checkout]) != [made[0]])
        #expect(!Hex.encode(made[0].bytes).contains(Hex.encode(Array("checkout".utf8))))
    }

    @Test("a number's term is its value, whatever its type: 504 and 504.0 match; 504.5 and the string do not")
    func numbersByValue() throws {
        #expect(IndexTerm(field: "s", .int(504)) == IndexTerm(field: "s", .double(504)))
        #expect(IndexTerm(field: "s", .double(504.5)) != IndexTerm(field: "s", .int(504)))
        #expect(IndexTerm(field: "s", .string("504")) != IndexTerm(field: "s", .int(504)))
        #expect(IndexTerm(field: "s", .array([1])) == nil && IndexTerm(field: "s", .double(.nan)) == nil)
    }

    @Test("the key is kept wrapped: a restart, and another process on the same key store, make the same tokens")
    func sameKeyEverywhere() async throws {
        let directory = try Scratch.directory()
        let first = try indexBus(try KeyringFixture(directory))
        let second = try indexBus(try KeyringFixture(directory))
        async let one = tokens(first, acme, [checkout])
        async let other = tokens(second, acme, [checkout])
        let (a, b) = try await (one, other)
        #expect(a == b, "two processes racing to make the key agree on one")
        #expect(try await tokens(try indexBus(try KeyringFixture(directory)), acme, [checkout]) == a)
        let stored = try Data(contentsOf: URL(fileURLWithPath: directory + "/keys.sqlite"))
        #expect(stored.range(of: Data(a[0].bytes)) == nil)
    }

    @Test("crypto-shredding a tenant destroys its index key: the tokens stored before match nothing computed after")
    func shredding() async throws {
        let fixture = try KeyringFixture(try Scratch.directory())
        let bus = try indexBus(fixture)
        let before = try await tokens(bus, acme, [checkout])
        let other = try await tokens(bus, globex, [checkout])
        #expect(try await fixture.keyring.shred(acme) == 1)
        #expect(try await tokens(bus, acme, [checkout]) != before)
        #expect(try await tokens(bus, globex, [checkout]) == other, "other tenants keep theirs")
    }
}
