import AWS
import Foundation
import Model
import Logging
import Storage
import TestSupport
import Testing

/// What only the DynamoDB store does, against moto server; what every store does is in `LogStoreConformanceTests`.
@Suite("The DynamoDB store")
struct DynamoDBLogStoreTests {
    /// Quick retries with a budget generous enough for a machine loaded by the rest of the suite: these tests are
    /// about what is stored, not how fast.
    static let fast = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(2), maxDelay: .milliseconds(50), totalBudget: .seconds(60))

    /// Warnings (retries given up, claims not released) show in the test output if a test through the front fails.
    static let logger: Logger = {
        var logger = Logger(label: "DynamoDBLogStoreTests")
        logger.logLevel = .warning
        return logger
    }()

    @Test("spreads a busy tenant's writes evenly over its shards")
    func spreadsOverShards() async throws {
        let location = try await StoreLocation.fresh(.dynamodb, shards: 4)
        let store = try location.open()
        for batch in 0..<2 {
            try await store.append((0..<500).map { entry("busy", Int64(batch * 1_000 + $0), UUID().uuidString.lowercased()) })
        }
        let client = try Moto.client(table: location.path)
        var counts: [Int] = []
        for shard in 0..<4 {
            var total = 0
            var start: AttributeValue.Item?
            repeat {
                let page = try await client.query(Query(
                    keyCondition: Condition("pk = :pk", values: [":pk": .string("busy#\(shard)")]), limit: 1000, descending: false,
                    exclusiveStartKey: start))
                total += page.items.count
                start = page.lastEvaluatedKey
            } while start != nil
            counts.append(total)
        }
        #expect(counts.reduce(0, +) == 1_000)
        // 250 expected per shard; the bounds are more than five standard deviations away.
        #expect(counts.allSatisfy { (170...330).contains($0) }, "entries per shard: \(counts)")
        #expect(try await store.ids("busy").count == 1_000)
    }

    @Test("loses nothing when DynamoDB throttles calls and leaves batch items unprocessed, and never sends more than 25 items")
    func survivesThrottling() async throws {
        let location = try await StoreLocation.fresh(.dynamodb)
        try await ThrottlingFront.run(upstream: try Moto.endpoint()) { front in
            let client = try Moto.client(table: location.path, endpoint: front.endpoint, retryPolicy: Self.fast, logger: Self.logger)
            let store = DynamoDBLogStore(client: client, shards: 3, retention: .forever, logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for batch in 0..<3 {
                            _ = try await store.append(AppendBatch(
                                entries: (0..<50).map { entry("t", Int64(writer * 10_000 + batch * 100 + $0), "w\(writer)-\(batch)-\($0)") },
                                idempotency: IdempotencyClaim(tenant: TenantID("t")!, key: "w\(writer)-\(batch)", fingerprint: [1],
                                                              madeAt: .now(), windowSeconds: 60)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seen = front.seen
            #expect(seen.throttled > 10 && seen.unprocessed > 50, "\(seen)")
            #expect(seen.largestBatchWrite == DynamoDBClient.maxBatchWriteItems)
        }
        // Read straight from moto, past the front.
        let ids = try await location.open().ids("t")
        #expect(ids.count == 600)
        #expect(Set(ids).count == 600)
    }

    @Test("a write carried out whose answer was lost is retried without a false conflict or a duplicate")
    func survivesLostAnswers() async throws {
        let location = try await StoreLocation.fresh(.dynamodb)
        try await ThrottlingFront.run(upstream: try Moto.endpoint(), throttleEvery: 1_000_000, loseAnswerEvery: 4) { front in
            let client = try Moto.client(table: location.path, endpoint: front.endpoint, retryPolicy: Self.fast, logger: Self.logger)
            let store = DynamoDBLogStore(client: client, shards: 3, retention: .forever, logger: Self.logger)
            for single in 0..<20 {
                try await store.append([entry("t", Int64(single), "single-\(single)")])
            }
            for batch in 0..<5 {
                let entries = (0..<30).map { entry("t", Int64(1_000 + batch * 100 + $0), "id-\(batch)-\($0)", fingerprint: [1]) }
                let claim = IdempotencyClaim(tenant: TenantID("t")!, key: "k\(batch)", fingerprint: [2], madeAt: .now(), windowSeconds: 60)
                let outcome = try await store.append(AppendBatch(entries: entries, idempotency: claim))
                #expect(!outcome.replayed && outcome.written.allSatisfy { $0 })
            }
            #expect(front.seen.lostAnswers > 20, "\(front.seen)")
        }
        let ids = try await location.open().ids("t")
        #expect(ids.count == 170 && Set(ids).count == 170)
    }

    @Test("a batch that fails part-way is never visible, and its client ids are free again")
    func failedBatchIsInvisible() async throws {
        let location = try await StoreLocation.fresh(.dynamodb)
        try await ThrottlingFront.run(upstream: try Moto.endpoint(), throttleEvery: 1_000_000, failBatchWrite: 2) { front in
            let client = try Moto.client(table: location.path, endpoint: front.endpoint, retryPolicy: Self.fast, logger: Self.logger)
            let store = DynamoDBLogStore(client: client, shards: 3, retention: .forever, logger: Self.logger)
            let entries = (0..<80).map { entry("t", Int64(1_000 + $0), "id-\($0)", fingerprint: [7]) }
            await #expect(throws: ServiceError.self) { try await store.append(AppendBatch(entries: entries)) }
            #expect(try await store.ids("t") == [])
            let retried = try await store.append(AppendBatch(entries: entries))
            #expect(retried.written.allSatisfy { $0 })
            #expect(try await store.ids("t").count == 80)
        }
    }

    @Test("entries of a batch whose commit item is missing stay hidden, and uncounted, until it is written")
    func commitMakesVisible() async throws {
        let location = try await StoreLocation.fresh(.dynamodb, shards: 1)
        let client = try Moto.client(table: location.path)
        let store = try location.open()
        let staged = ["pk": AttributeValue.string("t#0"), "sk": .string("8000000000000064#staged"), "sev": .integer(20),
                      "ts": .integer(100), "msg": .binary(Data([1, 2])), "b": .string("batch-1")]
        try await client.putItem(staged)
        #expect(try await store.ids("t") == [])
        #expect(try await store.severityCounts(tenant: TenantID("t")!, before: nil, filter: EntryFilter()) == [:])
        try await client.putItem(["pk": .string("t#batch#batch-1"), "sk": .string("commit"), "parts": .integer(0)])
        #expect(try await store.ids("t") == ["staged"])
        #expect(try await store.severityCounts(tenant: TenantID("t")!, before: nil, filter: EntryFilter()) == [.info: 1])
    }

    @Test("sets the TTL attribute to the entry's time plus the retention, in epoch seconds")
    func setsTTL() async throws {
        let location = try await StoreLocation.fresh(.dynamodb, retention: Retention(days: 30), shards: 1)
        let store = try location.open()
        let now = Timestamp.now()
        try await store.append([entry("t", now.microseconds, "one")])
        let item = try await Moto.client(table: location.path).getItem(
            ["pk": .string("t#0"), "sk": .string(try #require(Self.sortKey(now, "one")))])
        #expect(item?["exp"]?.integerValue == now.microseconds / 1_000_000 + 30 * 86_400)
    }

    @Test("a missing table is a clear 503 naming the command that creates it")
    func missingTable() async throws {
        let store = DynamoDBLogStore(client: try Moto.client(table: "no-such-table"), shards: 2, retention: .forever,
                                     logger: quietLogger())
        await #expect(throws: ServiceError(.unavailable, "the log table no-such-table does not exist: create it with `logsvc storage create-table`",
                                           retryAfter: 1)) {
            try await store.append([entry("t", 1, "x")])
        }
    }

    /// The sort key the table layout documents: 16 hex digits of the timestamp with the sign bit flipped, `#`, the id.
    static func sortKey(_ timestamp: Timestamp, _ id: String) -> String? {
        let hex = String(UInt64(bitPattern: timestamp.microseconds) ^ (1 << 63), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "#" + id
    }
}
