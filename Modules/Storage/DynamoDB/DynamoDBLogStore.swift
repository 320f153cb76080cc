public import AWS
import Foundation
public import Logging
public import Model

/// The distributed store: one DynamoDB table (layout in `LogTable`). A batch of several items becomes visible
/// at once when its commit item is written; client ids and idempotency keys are conditional claim items.
public final class DynamoDBLogStore: LogStore {
    private let client: DynamoDBClient
    private let shards: Int
    private let retention: Retention
    private let commits: CommittedBatches
    private let logger: Logger

    /// A claim whose batch has not committed this long after it was made belongs to a writer that died, and may be
    /// taken over; an append that would commit later than this gives up instead.
    static let staleClaimMicroseconds: Int64 = 60_000_000
    /// How long an append waits for a concurrent request that holds the same client id or idempotency key.
    private let claimWait: Duration
    /// Answer parts stay well under DynamoDB's 400 KB item limit.
    static let answerPartBytes = 300_000

    /// Connects to the table `settings` name as `credentials`; fails when the settings are unusable.
    public convenience init(settings: DynamoDBSettings, credentials: AWSCredentials, retention: Retention,
                            retryPolicy: RetryPolicy = .standard, logger: Logger) throws(ServiceError) {
        guard (1...1000).contains(settings.shards) else { throw .unavailable("storage.dynamodb.shards must be 1 to 1000") }
        self.init(client: try DynamoDBClient(settings: settings, credentials: credentials, retryPolicy: retryPolicy, logger: logger),
                  shards: settings.shards, retention: retention, logger: logger)
    }

    /// The attribute DynamoDB's TTL deletes expired items by.
    public static let ttlAttribute = LogTable.ttlAttribute

    /// `claimWait`: how long an append waits for a concurrent request holding the same client id or idempotency
    /// key before answering 503.
    public init(client: DynamoDBClient, shards: Int, retention: Retention, claimWait: Duration = .seconds(5), logger: Logger) {
        self.client = client
        self.claimWait = claimWait
        self.shards = max(1, shards)
        self.retention = retention
        self.commits = CommittedBatches(client: client)
        self.logger = logger
    }

    public func close() async {}

    // MARK: - Writing

    public func append(_ batch: AppendBatch) async throws(ServiceError) -> AppendOutcome {
        guard let tenant = batch.entries.first?.tenant else { return AppendOutcome(keys: [], replayed: false, written: []) }
        guard batch.entries.allSatisfy({ $0.tenant == tenant }) else { throw .internalError("a batch spans tenants") }
        guard Set(batch.entries.map(\.key)).count == batch.entries.count else {
            throw ServiceError(.conflict, "the batch holds two entries with the same id and timestamp")
        }
        var held = Held(batch: UUID().uuidString.lowercased(), since: ContinuousClock.now)
        do throws(ServiceError) {
            return try await write(batch, tenant: tenant, held: &held)
        } catch {
            await rollBack(held)
            throw error
        }
    }

    /// What an append has put in the table so far, to take back if it fails.
    private struct Held {
        let batch: String
        let since: ContinuousClock.Instant
        var claims: [AttributeValue.Item] = []
        var entries: [AttributeValue.Item] = []
    }

    private func write(_ batch: AppendBatch, tenant: TenantID, held: inout Held) async throws(ServiceError) -> AppendOutcome {
        if let claim = batch.idempotency {
            if let earlier = try await claimKey(claim, batch: held.batch) { return earlier }
            held.claims.append(LogTable.keyClaimKey(tenant, key: claim.key))
        }
        var keys = batch.entries.map(\.key)
        var written = [Bool](repeating: true, count: keys.count)
        let withIDs = batch.entries.indices.filter { batch.entries[$0].fingerprint != nil }
        let claimed = await inParallel(withIDs.map { batch.entries[$0] }, width: 16) { [self, held] entry throws(ServiceError) in
            try await claimID(entry, batch: held.batch)
        }
        var failure: ServiceError?
        for (index, result) in zip(withIDs, claimed) {
            switch result {
            case .success(nil): held.claims.append(LogTable.idClaimKey(tenant, id: batch.entries[index].key.id))
            case .success(let stored?): (keys[index], written[index]) = (stored, false)
            case .failure(let error): failure = failure ?? error
            }
        }
        if let failure { throw failure }

        let fresh = batch.entries.indices.filter { written[$0] }.map { batch.entries[$0] }
        let outcome = AppendOutcome(keys: keys, replayed: false, written: written)
        if fresh.isEmpty && held.claims.isEmpty { return outcome }
        if fresh.count == 1 && held.claims.isEmpty {
            // One entry item is atomic on its own: no batch, no commit item. Its tokens go first and are never taken
            // back (the entry may have landed although its answer was lost, or be another request's of the same key):
            // a token whose entry never lands points at nothing, and reads skip it.
            let expiry = retention.expiry(of: fresh[0].key.timestamp)
            let tokens = LogTable.tokenItems(fresh[0], shards: shards, expiresAt: expiry)
            if !tokens.isEmpty { try await put(tokens) }
            let item = LogTable.entryItem(fresh[0], shards: shards, batch: nil, expiresAt: expiry)
            do {
                try await client.putItem(item, condition: Condition("attribute_not_exists(pk)"))
            } catch .conditionFailed {
                // Unless an earlier attempt of this put landed although its answer was lost.
                let stored: AttributeValue.Item?
                do { stored = try await client.getItem(LogTable.key(item["pk"]?.stringValue ?? "", item["sk"]?.stringValue ?? "")) } catch {
                    throw map(error)
                }
                guard stored?["msg"] == item["msg"] else {
                    throw ServiceError(.conflict, "an entry with the same id and timestamp already exists")
                }
            } catch {
                throw map(error)
            }
            return outcome
        }

        let items = fresh.flatMap {
            let expiry = retention.expiry(of: $0.key.timestamp)
            return [LogTable.entryItem($0, shards: shards, batch: held.batch, expiresAt: expiry)]
                + LogTable.tokenItems($0, shards: shards, expiresAt: expiry)
        }
        held.entries = items.map { LogTable.key($0["pk"]?.stringValue ?? "", $0["sk"]?.stringValue ?? "") }
        let chunks = stride(from: 0, to: items.count, by: DynamoDBClient.maxBatchWriteItems).map {
            Array(items[$0..<min($0 + DynamoDBClient.maxBatchWriteItems, items.count)])
        }
        for result in await inParallel(chunks, width: 4, { [self] chunk throws(ServiceError) in try await put(chunk) }) {
            if case .failure(let error) = result { throw error }
        }

        var commit = LogTable.commitKey(tenant, batch: held.batch)
        var expiry = fresh.compactMap { retention.expiry(of: $0.key.timestamp) }.max()
        if let claim = batch.idempotency {
            let parts = answerParts(keys, tenant: tenant, batch: held.batch, claim: claim)
            try await put(parts)
            commit["parts"] = .integer(Int64(parts.count))
            expiry = expiry.map { max($0, claimExpiry(claim)) }
        }
        if let expiry { commit[LogTable.ttlAttribute] = .integer(expiry) }
        guard ContinuousClock.now - held.since < .microseconds(DynamoDBLogStore.staleClaimMicroseconds) else {
            throw .unavailable("storing the batch took too long; nothing was stored")
        }
        try await put([commit])
        commits.remember([held.batch])
        return outcome
    }

    private func put(_ items: [AttributeValue.Item]) async throws(ServiceError) {
        do {
            if items.count == 1 { try await client.putItem(items[0]) } else { try await client.batchPut(items) }
        } catch {
            throw map(error)
        }
    }

    /// Takes back the claims and entries of a failed append (best effort: unclaimed entries are invisible anyway,
    /// and a claim left behind goes stale).
    private func rollBack(_ held: Held) async {
        let mine = Condition("#b = :b", names: ["#b": "b"], values: [":b": .string(held.batch)])
        for claim in held.claims {
            do { try await client.deleteItem(claim, condition: mine) } catch .conditionFailed {} catch {
                logger.warning("could not release a claim of a failed append", metadata: ["error": "\(error)"])
            }
        }
        do { try await client.batchDelete(held.entries) } catch {
            logger.warning("could not delete the entries of a failed append", metadata: ["error": "\(error)"])
        }
    }

    /// The idempotency claim for this batch, or the earlier outcome when the same request committed under the key.
    private func claimKey(_ claim: IdempotencyClaim, batch: String) async throws(ServiceError) -> AppendOutcome? {
        let key = LogTable.keyClaimKey(claim.tenant, key: claim.key)
        var item = key
        item["b"] = .string(batch)
        item["fp"] = .binary(Data(claim.fingerprint))
        item["until"] = .integer(claim.madeAt.microseconds + Int64(claim.windowSeconds) * 1_000_000)
        item[LogTable.ttlAttribute] = .integer(claimExpiry(claim))
        let free = Condition("attribute_not_exists(pk) OR #until <= :at", names: ["#until": "until"],
                             values: [":at": .integer(claim.madeAt.microseconds)])
        guard let holder = try await take(key, item: item, tenant: claim.tenant, whenFree: free) else { return nil }
        guard holder["fp"]?.binaryValue == Data(claim.fingerprint) else {
            throw ServiceError(.conflict, "the Idempotency-Key was already used with a different request body")
        }
        guard let earlier = holder["b"]?.stringValue, let keys = try await answer(of: earlier, tenant: claim.tenant) else {
            throw .internalError("a stored idempotency record is damaged")
        }
        return AppendOutcome(keys: keys, replayed: true, written: keys.map { _ in false })
    }

    /// Claims the entry's client id for this batch; the key of the entry stored under it before, if any.
    private func claimID(_ entry: StoredEntry, batch: String) async throws(ServiceError) -> EntryKey? {
        let key = LogTable.idClaimKey(entry.tenant, id: entry.key.id)
        var item = key
        item["b"] = .string(batch)
        item["fp"] = .binary(Data(entry.fingerprint ?? []))
        item["ts"] = .integer(entry.key.timestamp.microseconds)
        if let expiry = retention.expiry(of: entry.key.timestamp) { item[LogTable.ttlAttribute] = .integer(expiry) }
        // A claim whose entry has expired no longer holds the id.
        let free = retention.cutoff(now: .now()).map {
            Condition("attribute_not_exists(pk) OR #ts < :cutoff", names: ["#ts": "ts"], values: [":cutoff": .integer($0.microseconds)])
        } ?? Condition("attribute_not_exists(pk)")
        guard let holder = try await take(key, item: item, tenant: entry.tenant, whenFree: free) else { return nil }
        guard holder["fp"]?.binaryValue == Data(entry.fingerprint ?? []) else {
            throw ServiceError(.conflict, "an entry of this request has the id of an entry stored earlier with different content")
        }
        guard let micros = holder["ts"]?.integerValue else { throw .internalError("a stored client-id record is damaged") }
        return EntryKey(timestamp: Timestamp(microseconds: micros), id: entry.key.id)
    }

    /// Writes the claim `item` when `free` holds, or over a stale holder's; otherwise returns the holder's item once
    /// its batch has committed. A holder still writing is waited for, up to `claimWait`.
    private func take(_ key: AttributeValue.Item, item: AttributeValue.Item, tenant: TenantID, whenFree free: Condition)
        async throws(ServiceError) -> AttributeValue.Item? {
        var item = item
        item["made"] = .integer(Timestamp.now().microseconds)
        let deadline = ContinuousClock.now + claimWait
        var waits = 0
        while true {
            do {
                try await client.putItem(item, condition: free)
                return nil
            } catch .conditionFailed {
            } catch {
                throw map(error)
            }
            let holder: AttributeValue.Item?
            do { holder = try await client.getItem(key) } catch { throw map(error) }
            if let holder {
                guard let owner = holder["b"]?.stringValue else { throw .internalError("a stored claim is damaged") }
                // Our own claim: an earlier attempt of the put landed although its answer was lost.
                if owner == item["b"]?.stringValue { return nil }
                do {
                    if try await commits.isCommitted(owner, tenant: tenant) { return holder }
                } catch {
                    throw map(error)
                }
                if Timestamp.now().microseconds - (holder["made"]?.integerValue ?? 0) > DynamoDBLogStore.staleClaimMicroseconds {
                    do {
                        try await client.putItem(item, condition: Condition("#b = :owner", names: ["#b": "b"],
                                                                            values: [":owner": .string(owner)]))
                        return nil
                    } catch .conditionFailed {
                        continue
                    } catch {
                        throw map(error)
                    }
                }
            }
            guard ContinuousClock.now < deadline else {
                throw .unavailable("another request with the same id or Idempotency-Key is still being stored; retry shortly")
            }
            waits += 1
            try? await Task.sleep(for: .milliseconds(min(20 << min(waits, 5), 500)))
        }
    }

    /// The keys answered to the request committed as `batch`, from its answer parts.
    private func answer(of batch: String, tenant: TenantID) async throws(ServiceError) -> [EntryKey]? {
        do {
            guard let commit = try await client.getItem(LogTable.commitKey(tenant, batch: batch)),
                  let count = commit["parts"]?.integerValue, count >= 0 else { return nil }
            let keys = (0..<Int(count)).map { LogTable.partKey(tenant, batch: batch, part: $0) }
            let parts = try await client.batchGet(keys, projection: ["sk", "keys"])
            var bytes: [UInt8] = []
            for part in 0..<Int(count) {
                guard let found = parts.first(where: { $0["sk"]?.stringValue == "keys#\(part)" }),
                      let data = found["keys"]?.binaryValue else { return nil }
                bytes += data
            }
            return EntryKeyList.decode(bytes)
        } catch {
            throw map(error)
        }
    }

    private func answerParts(_ keys: [EntryKey], tenant: TenantID, batch: String, claim: IdempotencyClaim) -> [AttributeValue.Item] {
        let encoded = EntryKeyList.encode(keys)
        return stride(from: 0, to: max(encoded.count, 1), by: DynamoDBLogStore.answerPartBytes).enumerated().map { part, start in
            var item = LogTable.partKey(tenant, batch: batch, part: part)
            item["keys"] = .binary(Data(encoded[start..<min(start + DynamoDBLogStore.answerPartBytes, encoded.count)]))
            item[LogTable.ttlAttribute] = .integer(claimExpiry(claim))
            return item
        }
    }

    private func claimExpiry(_ claim: IdempotencyClaim) -> Int64 {
        (claim.madeAt.microseconds + Int64(claim.windowSeconds) * 1_000_000) / 1_000_000 + 1
    }

    // MARK: - Reading

    public func recent(tenant: TenantID, limit: Int, before: EntryKey?, filter: EntryFilter, tokens: [IndexToken])
        async throws(ServiceError) -> StoredPage {
        let limit = max(0, limit)
        let range = SortKeyRange(before: before, filter: filter, cutoff: retention.cutoff(now: .now()))
        guard !range.isEmpty else { return StoredPage(entries: [], next: nil) }
        // One reader per shard, of the entries or (by token) of each token's items.
        let partitions = tokens.isEmpty ? (0..<shards).map { LogTable.entryPartition(tenant, shard: $0) }
            : tokens.flatMap { token in (0..<shards).map { LogTable.tokenPartition(tenant, token: token, shard: $0) } }
        let pageSize = min(1000, max(25, (limit + 1) * 2 / shards))
        var readers = partitions.map {
            ShardReader(partition: $0, range: range, minimumSeverity: filter.minimumSeverity, pageSize: pageSize)
        }
        var merged: [StoredEntry] = []
        while merged.count <= limit {
            let empty = readers.indices.filter { readers[$0].needsPage }
            if !empty.isEmpty {
                let snapshot = readers
                let pages = await inParallel(empty, width: shards) { [self] index throws(ServiceError) in
                    try await nextPage(of: snapshot[index], tenant: tenant, excluding: before, byToken: !tokens.isEmpty)
                }
                for (index, result) in zip(empty, pages) {
                    readers[index].take(try result.get())
                }
            }
            guard let newest = readers.indices.filter({ readers[$0].head != nil })
                .max(by: { readers[$0].head!.key < readers[$1].head!.key }) else { break }
            // An entry written with two of the tokens comes from both their readers, one after the other.
            let entry = readers[newest].pop()
            if entry.key != merged.last?.key { merged.append(entry) }
        }
        let entries = Array(merged.prefix(limit))
        return StoredPage(entries: entries, next: merged.count > limit ? entries.last?.key : nil)
    }

    public func severityCounts(tenant: TenantID, before: EntryKey?, filter: EntryFilter) async throws(ServiceError) -> [Severity: Int] {
        let range = SortKeyRange(before: before, filter: filter, cutoff: retention.cutoff(now: .now()))
        guard !range.isEmpty else { return [:] }
        let shards = (0..<self.shards).map { LogTable.entryPartition(tenant, shard: $0) }
        let counted = await inParallel(shards, width: self.shards) { [self] partition throws(ServiceError) in
            try await severityCounts(of: ShardReader(partition: partition, range: range, minimumSeverity: filter.minimumSeverity,
                                                     pageSize: 1000), tenant: tenant, excluding: before)
        }
        var counts: [Severity: Int] = [:]
        for shard in counted { counts.merge(try shard.get(), uniquingKeysWith: +) }
        return counts
    }

    /// The visible entries of one shard's range by severity, read with only their keys, severity and batch.
    private func severityCounts(of reader: ShardReader, tenant: TenantID, excluding before: EntryKey?) async throws(ServiceError) -> [Severity: Int] {
        var counts: [Severity: Int] = [:]
        var start: AttributeValue.Item?
        repeat {
            var query = reader.query(from: start)
            query.projection = ["sk", "sev", "b"]
            let page: QueryPage
            do { page = try await client.query(query) } catch { throw map(error) }
            var found: [(severity: Severity, batch: String?)] = []
            for item in page.items {
                guard let sortKey = item["sk"]?.stringValue, let key = LogTable.entryKey(sortKey: sortKey),
                      let level = item["sev"]?.integerValue, let severity = Severity(rawValue: Int(level)) else {
                    throw ServiceError(.decryptionFailed, "a stored entry is damaged")
                }
                if key != before { found.append((severity, item["b"]?.stringValue)) }
            }
            let batches = Set(found.compactMap(\.batch))
            let visible: Set<String>
            do { visible = batches.isEmpty ? [] : try await commits.committed(batches, tenant: tenant) } catch { throw map(error) }
            for (severity, batch) in found where batch.map(visible.contains) ?? true { counts[severity, default: 0] += 1 }
            start = page.lastEvaluatedKey
        } while start != nil
        return counts
    }

    /// The next visible entries of one shard (possibly several queries, when filters or uncommitted batches hide
    /// a whole page); `byToken`: the shard's items are index tokens, whose entries are then got.
    private func nextPage(of reader: ShardReader, tenant: TenantID, excluding before: EntryKey?, byToken: Bool)
        async throws(ServiceError) -> ShardReader.Page {
        var start = reader.resumeKey
        while true {
            let page: QueryPage
            do { page = try await client.query(reader.query(from: start)) } catch { throw map(error) }
            let items = byToken ? try await entries(ofTokens: page.items, tenant: tenant) : page.items
            var found: [(entry: StoredEntry, batch: String?)] = []
            for item in items {
                guard let decoded = LogTable.entry(item, tenant: tenant) else {
                    throw ServiceError(.decryptionFailed, "a stored entry is damaged")
                }
                if decoded.entry.key != before { found.append(decoded) }
            }
            let batches = Set(found.compactMap(\.batch))
            let visible: Set<String>
            do { visible = batches.isEmpty ? [] : try await commits.committed(batches, tenant: tenant) } catch { throw map(error) }
            let entries = found.filter { $0.batch.map(visible.contains) ?? true }.map(\.entry)
            if !entries.isEmpty || page.lastEvaluatedKey == nil {
                return ShardReader.Page(entries: entries, resumeKey: page.lastEvaluatedKey)
            }
            start = page.lastEvaluatedKey
        }
    }

    /// The entry items that index token items point at, in the tokens' order; tokens whose entry is missing (its
    /// write failed or has not landed yet) are left out.
    private func entries(ofTokens tokens: [AttributeValue.Item], tenant: TenantID) async throws(ServiceError) -> [AttributeValue.Item] {
        let keys = tokens.compactMap { LogTable.entryKey(ofToken: $0, tenant: tenant, shards: shards) }
        guard !keys.isEmpty else { return [] }
        let found: [AttributeValue.Item]
        do { found = try await client.batchGet(keys, projection: ["pk", "sk", "sev", "msg", "b"]) } catch { throw map(error) }
        var bySortKey: [String: AttributeValue.Item] = [:]
        for item in found { if let sk = item["sk"]?.stringValue { bySortKey[sk] = item } }
        return keys.compactMap { $0["sk"]?.stringValue.flatMap { bySortKey[$0] } }
    }

    // MARK: - Blind-index watermarks

    public func indexWatermarks(tenant: TenantID) async throws(ServiceError) -> [IndexWatermark] {
        try await watermarks(prefix: tenant.rawValue + "#")
    }

    public func recordIndexWatermark(_ watermark: IndexWatermark) async throws(ServiceError) {
        var item = LogTable.watermarkKey(watermark.tenant, field: watermark.field)
        item["since"] = .integer(watermark.since.microseconds)
        do { try await client.putItem(item, condition: Condition("attribute_not_exists(pk)")) } catch .conditionFailed {} catch {
            throw map(error)
        }
    }

    public func removeIndexWatermarks(keeping keep: @Sendable (IndexWatermark) -> Bool) async throws(ServiceError) {
        for watermark in try await watermarks(prefix: nil) where !keep(watermark) {
            do { try await client.deleteItem(LogTable.watermarkKey(watermark.tenant, field: watermark.field)) } catch { throw map(error) }
        }
    }

    /// The watermarks whose sort key starts with `prefix` (nil: all), every page of them.
    private func watermarks(prefix: String?) async throws(ServiceError) -> [IndexWatermark] {
        var values: AttributeValue.Item = [":pk": .string(LogTable.watermarkPartition)]
        var names = ["#pk": "pk"]
        var expression = "#pk = :pk"
        if let prefix {
            expression += " AND begins_with(#sk, :prefix)"
            (values[":prefix"], names["#sk"]) = (.string(prefix), "sk")
        }
        let items: [AttributeValue.Item]
        do {
            items = try await client.queryAll(Query(keyCondition: Condition(expression, names: names, values: values), limit: 1000,
                                                    descending: false))
        } catch {
            throw map(error)
        }
        return items.compactMap { item in
            guard let sk = item["sk"]?.stringValue, let separator = sk.firstIndex(of: "#"),
                  let tenant = TenantID(String(sk[..<separator])), let since = item["since"]?.integerValue else { return nil }
            return IndexWatermark(tenant: tenant, field: String(sk[sk.index(after: separator)...]), since: Timestamp(microseconds: since))
        }
    }

    // MARK: - Errors

    private func map(_ error: DynamoDBError) -> ServiceError {
        switch error {
        case .conditionFailed:
            return .internalError("a conditional write to the log table failed unexpectedly")
        case .failed(let failure):
            var metadata: Logger.Metadata = ["aws_operation": "\(failure.operation)", "aws_attempts": "\(failure.attempts)",
                                             "table": "\(client.table)"]
            if let service = failure.serviceError {
                metadata["aws_error"] = "\(service.type)"
                if service.type == "ResourceNotFoundException" {
                    logger.error("the log table does not exist", metadata: metadata)
                    return .unavailable("the log table \(client.table) does not exist: create it with `logsvc storage create-table`")
                }
            }
            if failure.isTransient {
                logger.warning("the log table is unavailable", metadata: metadata)
                return .unavailable("the log table is unavailable; try again later")
            }
            metadata["detail"] = "\(failure)"
            logger.error("a log table call failed", metadata: metadata)
            return .unavailable("the log table refused \(failure.operation); see the service log")
        }
    }
}
