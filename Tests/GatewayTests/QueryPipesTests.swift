import Composition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Query
import Testing

/// The start of the hour before this one, in seconds: the entries below fall into whole minutes after it.
private let hour = (Int(Date().timeIntervalSince1970) / 3600 - 1) * 3600

private func rfc3339(_ seconds: Int) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}

/// Twelve entries 20 s apart from `hour`: services alternate checkout and search, every third is an error,
/// `duration_ms` is 1.5 × the index and `status` the integer 200 + index (entry 0 has none).
private let batch: String = {
    let entries = (0..<12).map { index in
        let status = index == 0 ? "" : #", "status": \#(200 + index)"#
        return #"{"timestamp": "\#(rfc3339(hour + index * 20))", "severity": "\#(index % 3 == 2 ? "error" : "info")","#
            + #" "message": "request \#(index)", "attributes": {"service.name": "\#(index % 2 == 0 ? "checkout" : "search")","#
            + #" "duration_ms": \#(Double(index) * 1.5)\#(status)}}"#
    }
    return "[" + entries.joined(separator: ", ") + "]"
}()

/// The start of minute `minute` after `hour`, as a table writes a bucket of `bin(1m)`.
private func minute(_ minute: Int) -> String {
    rfc3339(hour + minute * 60).replacingOccurrences(of: "Z", with: ".000000Z")
}

private func query(_ client: any TestClientProtocol, _ token: String, _ body: String) async throws -> [String: Any] {
    let response = try await client.execute(uri: "/logs/query", method: .post, headers: headers(token), body: ByteBuffer(string: body))
    #expect(response.status == .ok, "\(String(buffer: response.body))")
    return try json(response.body)
}

private func rows(_ answer: [String: Any]) -> [[String]] {
    (answer["rows"] as? [[Any]] ?? []).map { row in row.map { $0 is NSNull ? "null" : "\($0)" } }
}

@Suite("Pipes: stats tables, sort, limit and fields over HTTP and JSON-RPC")
struct QueryPipesTests {
    @Test("errors per minute per service is one query: a table with the bucket's start first")
    func histogram() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let answer = try await query(client, token,
                                         #"{"query": "severity >= error | stats count() as errors by bin(1m), service.name"}"#)
            #expect(answer["columns"] as? [String] == ["bin(1m)", "service.name", "errors"])
            #expect(rows(answer) == [[minute(0), "checkout", "1"], [minute(1), "search", "1"], [minute(2), "checkout", "1"],
                                     [minute(3), "search", "1"]])
            #expect(answer["nextCursor"] is NSNull)
            #expect(answer["logs"] == nil)
            let perService = try await query(client, token, #"{"query": "| stats count() by service.name | sort by \"count()\" desc"}"#)
            #expect(rows(perService) == [["checkout", "6"], ["search", "6"]])
        }
    }

    @Test("count, count of a field, count_distinct, min, max, sum and avg over typed values")
    func aggregates() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let answer = try await query(client, token, #"""
                {"query": "| stats count(), count(status), count_distinct(service.name), min(status), max(duration_ms), sum(status), avg(duration_ms), sum(missing)"}
                """#)
            #expect(answer["columns"] as? [String] == ["count()", "count(status)", "count_distinct(service.name)", "min(status)",
                                                        "max(duration_ms)", "sum(status)", "avg(duration_ms)", "sum(missing)"])
            // status: 201...211 (11 values, sum 2266); duration_ms: 0, 1.5, ..., 16.5 (avg 8.25).
            #expect(rows(answer) == [["12", "11", "2", "201", "16.5", "2266", "8.25", "null"]])
        }
    }

    @Test("sort by a field answers the first entries of the whole range in that order; fields keeps only those named")
    func sortAndFields() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let answer = try await query(client, token, #"{"query": "service.name = search | sort by duration_ms desc | limit 3 | fields status"}"#)
            let logs = answer["logs"] as? [[String: Any]] ?? []
            #expect(logs.compactMap { $0["message"] as? String } == ["request 11", "request 9", "request 7"])
            #expect(logs.map { ($0["attributes"] as? [String: Any])?.keys.sorted() ?? [] } == Array(repeating: ["status"], count: 3))
            #expect(answer["nextCursor"] is NSNull)
            let ascending = try await query(client, token, #"{"query": "| sort by status", "limit": 2}"#)
            #expect((ascending["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String } == ["request 1", "request 2"])
            let missingLast = try await query(client, token, #"{"query": "| sort by status desc | limit 12"}"#)
            #expect((missingLast["logs"] as? [[String: Any]])?.last?["message"] as? String == "request 0")
        }
    }

    @Test("| limit N ends the answer after N entries, across pages of the limit parameter")
    func limitAcrossPages() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            var seen: [String] = []
            var pages = 0
            var body = #"{"query": "| limit 5", "limit": 2}"#
            while true {
                let page = try await query(client, token, body)
                pages += 1
                seen += (page["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                guard let cursor = page["nextCursor"] as? String, pages < 10 else { break }
                body = #"{"query": "| limit 5", "limit": 2, "cursor": "\#(cursor)"}"#
            }
            #expect(seen == (7...11).reversed().map { "request \($0)" })
            #expect(pages == 3)
        }
    }

    @Test("a stats scan past its budget answers the table so far and a cursor; the next calls answer the rest")
    func partialTables() async throws {
        // Each group of a status holds 64 + 8 bytes: past 3 groups (216 bytes) the call answers what it has.
        try await withServer({ $0.query.maxStatsBytes = 216 }) { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            var counts: [String: Int] = [:]
            var calls = 0
            var body = #"{"query": "| stats count() by status"}"#
            while true {
                let answer = try await query(client, token, body)
                calls += 1
                #expect(rows(answer).count <= 4)
                for row in rows(answer) { counts[row[0], default: 0] += Int(row[1]) ?? 0 }
                guard let cursor = answer["nextCursor"] as? String, calls < 20 else { break }
                body = #"{"query": "| stats count() by status", "cursor": "\#(cursor)"}"#
            }
            #expect(calls == 3)
            #expect(counts.values.reduce(0, +) == 12)
            #expect(counts.count == 12 && counts.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("JSON-RPC logs.query answers the same table")
    func jsonRPC() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let call = #"{"jsonrpc": "2.0", "id": 1, "method": "logs.query", "params": {"query": "| stats count() by severity"}}"#
            let response = try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string: call))
            let result = try #require(try json(response.body)["result"] as? [String: Any])
            #expect(result["columns"] as? [String] == ["severity", "count()"])
            #expect(rows(result) == [["info", "8"], ["error", "4"]])
        }
    }

    @Test("pipes out of order, or naming what the table has not, are 400 with the column")
    func errors() async throws {
        try await withServer { client, token in
            for (text, message) in [
                ("| limit 3 | sort by status", "query: column 13: expected pipes in the order stats, sort, limit, fields, each at most once, found 'sort' after 'limit'"),
                ("| stats count() by service.name | sort by status", "query: column 35: expected a column of the stats table (service.name, count()), found 'status'"),
                ("| stats count() by bin(1h, Mars/Olympus)", "query: column 28: expected an IANA time zone such as Europe/Paris, found 'Mars/Olympus'"),
                ("| stats count() by bin(36h, Europe/Paris)", "query: column 24: expected whole days or less than a day for buckets of a time zone, found '36h'"),
            ] {
                let response = try await client.execute(uri: "/logs/query", method: .post, headers: headers(token),
                                                        body: ByteBuffer(string: #"{"query": "\#(text)"}"#))
                #expect(response.status == .badRequest)
                #expect((try json(response.body)["error"] as? [String: Any])?["message"] as? String == message, "\(text)")
            }
        }
    }
}
