import AWS
import Foundation
import Logging
import Model
import Storage
import TestSupport
import Testing

/// The stores the conformance suite runs on.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case dynamodb

    var testDescription: String { rawValue }
}

/// Where a fresh store lives, so a test can open it again: a SQLite file, or a table on moto server.
struct StoreLocation: Sendable {
    let backend: Backend
    let path: String
    let retention: Retention
    let shards: Int

    /// A new, empty location: a SQLite file in a scratch directory, or a new table on moto server.
    static func fresh(_ backend: Backend, retention: Retention = .forever, shards: Int = 3) async throws -> StoreLocation {
        switch backend {
        case .sqlite:
            return StoreLocation(backend: backend, path: try Scratch.directory() + "/entries.sqlite", retention: retention, shards: shards)
        case .dynamodb:
            let table = "conformance-\(UUID().uuidString.prefix(8))"
            _ = try await Moto.client(table: table).createTable(ttlAttribute: DynamoDBLogStore.ttlAttribute)
            return StoreLocation(backend: backend, path: table, retention: retention, shards: shards)
        }
    }

    func open() throws -> any LogStore {
        switch backend {
        case .sqlite:
            return try SQLiteLogStore(path: path, retention: retention, logger: quietLogger())
        case .dynamodb:
            // Concurrent requests for one key wait for each other longer than in service: the whole suite loads this machine.
            return DynamoDBLogStore(client: try Moto.client(table: path), shards: shards, retention: retention,
                                    claimWait: .seconds(60), logger: quietLogger())
        }
    }
}

/// Moto server, started by `scripts/test` with its URL in `MOTO_ENDPOINT`.
enum Moto {
    static let credentials = AWSCredentials(accessKeyID: "test", secretAccessKey: "test")

    static func endpoint() throws -> String {
        try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 },
                     "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
    }

    /// A client of `table` at `endpoint` (moto unless given), retrying quickly.
    static func client(table: String, endpoint: String? = nil, retryPolicy: RetryPolicy = .standard,
                       logger: Logger = quietLogger()) throws -> DynamoDBClient {
        let settings = DynamoDBSettings(table: table, region: "us-east-1", endpoint: try endpoint ?? Moto.endpoint(), shards: 1)
        return try DynamoDBClient(settings: settings, credentials: credentials, retryPolicy: retryPolicy, logger: logger)
    }
}

/// A stored entry of `tenant` at `micros` with id `id`; its sealed bytes name the id.
func entry(_ tenant: String, _ micros: Int64, _ id: String, severity: Severity = .info, fingerprint: [UInt8]? = nil,
           tokens: [IndexToken] = []) -> StoredEntry {
    StoredEntry(tenant: TenantID(tenant)!, key: EntryKey(timestamp: Timestamp(microseconds: micros), id: id),
                severity: severity, sealed: SealedMessage(bytes: Array("sealed-\(id)".utf8)), fingerprint: fingerprint, tokens: tokens)
}

/// An index token of 16 bytes, all `byte`.
func token(_ byte: UInt8) -> IndexToken { IndexToken(bytes: [UInt8](repeating: byte, count: 16)) }

extension LogStore {
    /// The ids of every entry of `tenant`, newest first.
    func ids(_ tenant: String, filter: EntryFilter = EntryFilter(), tokens: [IndexToken] = []) async throws -> [String] {
        try await recent(tenant: TenantID(tenant)!, limit: 100_000, before: nil, filter: filter, tokens: tokens).entries.map(\.key.id)
    }
}
