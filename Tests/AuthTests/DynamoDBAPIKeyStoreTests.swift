import AWS
@testable import Auth
import Foundation
import Model
import TestSupport
import Testing

/// A new log table on moto server (`MOTO_ENDPOINT`, started by `scripts/test`), as `logsvc storage create-table` makes it.
private func freshTable() async throws -> DynamoDBClient {
    let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 },
                                "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
    let client = try DynamoDBClient(table: "apikeys-\(UUID().uuidString.prefix(8))", region: "us-east-1", endpoint: endpoint,
                                    credentials: AWSCredentials(accessKeyID: "test", secretAccessKey: "test"), logger: logger)
    _ = try await client.createTable(ttlAttribute: "exp")
    return client
}

/// Two processes on one table (two Lambda functions, or a function and the admin CLI): each its own keyring, one seal.
/// Changes that race each other are tried again for longer than in service: the whole suite loads moto and this machine.
private func twoProcesses() async throws -> (APIKeyring, APIKeyring, DynamoDBAPIKeyStore) {
    let store = DynamoDBAPIKeyStore(client: try await freshTable(), changeBudget: .seconds(60))
    let seal = try localSigningKeySeal(dataDir: try Scratch.directory())
    return (APIKeyring(store: store, seal: seal), APIKeyring(store: store, seal: seal), store)
}

@Suite("API keys in the DynamoDB table (the AWS shape), on moto")
struct DynamoDBAPIKeyStoreTests {
    @Test("a key made by one process works at its first use in another; a revocation there is refused here within 2 s")
    func sharedAcrossProcesses() async throws {
        let (made, other, _) = try await twoProcesses()
        let created = try await made.create(tenant: "acme", NewAPIKey(name: "ci", role: .reader))
        let principal = try await other.verify(created.key, now: .now())
        #expect(principal.tenant.rawValue == "acme" && principal.roles == [.reader] && principal.subject == "apikey:\(created.summary.id)")
        try await made.revoke(created.summary.id, of: TenantID("acme"))
        await #expect(throws: ServiceError.self) { try await made.verify(created.key, now: .now()) }
        let revoked = ContinuousClock.now
        while (try? await other.verify(created.key, now: .now())) != nil {
            try #require(ContinuousClock.now - revoked < .seconds(5), "the other process still accepts the revoked key")
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(ContinuousClock.now - revoked < .seconds(2) + .milliseconds(500))
        #expect(try await other.list(of: "acme").isEmpty)
    }

    @Test("a revocation is confined to its tenant, and a second revocation of the same key is not_found")
    func revocationScope() async throws {
        let (keys, _, _) = try await twoProcesses()
        let created = try await keys.create(tenant: "acme", NewAPIKey())
        let foreign = try #require(await #expect(throws: ServiceError.self) {
            try await keys.revoke(created.summary.id, of: TenantID("globex"))
        })
        #expect(foreign.code == .notFound)
        try await keys.revoke(created.summary.id, of: nil)
        let again = try #require(await #expect(throws: ServiceError.self) { try await keys.revoke(created.summary.id, of: nil) })
        #expect(again.code == .notFound)
    }

    @Test("changes made at once by two processes take versions 1, 2, 3... in commit order, none shared or skipped")
    func versionsInCommitOrder() async throws {
        let (first, second, store) = try await twoProcesses()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask { _ = try await (index.isMultiple(of: 2) ? first : second).create(tenant: "acme", NewAPIKey()) }
            }
            try await group.waitForAll()
        }
        let revoked = try #require(try await first.list(of: "acme").first)
        try await second.revoke(revoked.id, of: nil)
        let changes = try await store.changes(after: 0)
        #expect(changes.keys.map(\.version) == Array(1...9))
        #expect(changes.version == 9)
        #expect(changes.keys.last?.id == revoked.id && changes.keys.last?.revokedAt != nil)
        #expect(try await store.changes(after: 5).keys.map(\.version) == Array(6...9))
    }

    @Test("the per-tenant limit holds when processes create keys at once: never more in force than the limit")
    func limitAcrossProcesses() async throws {
        let (_, _, store) = try await twoProcesses()
        let limit = 6
        let acme = try #require(TenantID("acme"))
        func record(_ tenant: TenantID) throws -> APIKeyRecord {
            APIKeyRecord(id: try APIKeyText.generate().id, hash: Array(repeating: 7, count: 32), tenant: tenant, role: .writer,
                         name: "", createdAt: .now(), expiresAt: nil, revokedAt: nil, lastUsedAt: nil)
        }
        try await store.insert(try record(acme), activeLimit: limit)
        let expired = APIKeyRecord(id: try APIKeyText.generate().id, hash: Array(repeating: 7, count: 32), tenant: acme, role: .writer,
                                   name: "", createdAt: .now(), expiresAt: Timestamp(microseconds: 1), revokedAt: nil, lastUsedAt: nil)
        try await store.insert(expired, activeLimit: limit)
        let records = try (0..<12).map { _ in try record(acme) }
        let outcomes = await withTaskGroup(of: ServiceError.Code?.self) { group in
            for candidate in records {
                group.addTask {
                    do throws(ServiceError) {
                        // Each insert as another process makes it: a store of its own on the same table.
                        try await DynamoDBAPIKeyStore(client: store.client, changeBudget: store.changeBudget)
                            .insert(candidate, activeLimit: limit)
                        return nil
                    } catch {
                        return error.code
                    }
                }
            }
            return await group.reduce(into: [ServiceError.Code?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == limit - 1, "an expired key is not in force")
        #expect(outcomes.filter { $0 == .conflict }.count == 12 - (limit - 1))
        #expect(try await store.keys(of: acme).count == limit + 1)
        try await store.insert(try record(try #require(TenantID("globex"))), activeLimit: limit)
    }

    @Test("the table keeps a keyed hash of each key and the hash key sealed, never a secret; last use is written back")
    func storedForm() async throws {
        let (keys, _, store) = try await twoProcesses()
        let created = try await keys.create(tenant: "acme", NewAPIKey())
        let record = try #require(try await store.changes(after: 0).keys.first)
        #expect(record.hash.count == 32 && record.hash != Array(created.key.utf8))
        let hashKey = try #require(try await store.sealedHashKey())
        #expect(hashKey.id == APIKeyring.hashKeyID && hashKey.sealed.count > 32)
        let used = Timestamp(microseconds: Timestamp.now().microseconds - 5_000_000)
        try await store.recordLastUse([created.summary.id: used])
        try await store.recordLastUse([created.summary.id: Timestamp(microseconds: used.microseconds - 1)])
        #expect(try await store.keys(of: nil).first?.lastUsedAt == used, "a stored use only moves forward")
    }
}
