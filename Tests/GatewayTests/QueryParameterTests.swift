import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Twelve entries of three services, oldest first: `status` 200, 404 or 503 and `duration_ms` by turn.
private let batch: String = {
    let services = ["checkout", "search", "checkout"]
    let statuses = [200, 404, 503]
    let entries = (0..<12).map { index in
        #"{"severity": "\#(index % 3 == 2 ? "error" : "info")", "message": "request \#(index) took \#(index * 10) ms","#
            + #" "attributes": {"service.name": "\#(services[index % 3])", "status": \#(statuses[index % 3]), "duration_ms": \#(Double(index) * 1.5)}}"#
    }
    return "[" + entries.joined(separator: ", ") + "]"
}()

private func messages(_ client: any TestClientProtocol, _ token: String, query: String, extra: String = "") async throws
    -> (status: HTTPResponse.Status, messages: [String], cursor: String?, body: ByteBuffer)
{
    let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    let response = try await client.execute(uri: "/logs?query=\(encoded)\(extra)", method: .get, headers: headers(token, contentType: nil))
    guard response.status == .ok else { return (response.status, [], nil, response.body) }
    let body = try json(response.body)
    let logs = (body["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    return (response.status, logs, body["nextCursor"] as? String, response.body)
}

@Suite("GET /logs?query=: the query language's filters over HTTP and JSON-RPC")
struct QueryParameterTests {
    @Test("a filter on attributes, severity and words answers the matching entries, newest first", arguments: [
        ("service.name = checkout and status >= 500", [11, 8, 5, 2]),
        ("severity >= error or status = 404", [11, 10, 8, 7, 5, 4, 2, 1]),
        ("search and not took", []),
        ("\"took 10 ms\" or duration_ms > 15", [11, 1]),
        ("status = 404 and duration_ms <= 6", [4, 1]),
        ("message =~ \"request 1[01] \"", [11, 10]),
    ])
    func filters(query: String, expected: [Int]) async throws {
        try await withServer { client, token in
            let stored = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            #expect(stored.status == .created)
            let answer = try await messages(client, token, query: query)
            #expect(answer.status == .ok, "\(String(buffer: answer.body))")
            #expect(answer.messages == expected.map { "request \($0) took \($0 * 10) ms" })
        }
    }

    @Test("pages of one entry follow each other by cursor, none skipped or repeated; the old parameters still apply")
    func paging() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await messages(client, token, query: "service.name = checkout",
                                              extra: "&limit=1&severity=info" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                seen += page.messages
                cursor = page.cursor
            } while cursor != nil && seen.count < 20
            #expect(seen == [11, 9, 8, 6, 5, 3, 2, 0].map { "request \($0) took \($0 * 10) ms" })
            let withOldFilter = try await messages(client, token, query: "service.name = checkout", extra: "&severity=error&q=request%201")
            #expect(withOldFilter.messages == ["request 11 took 110 ms"])
        }
    }

    @Test("a cursor is bound to its query: another query with it is 400")
    func cursorBinding() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let first = try await messages(client, token, query: "status = 200", extra: "&limit=1")
            let cursor = try #require(first.cursor)
            let other = try await messages(client, token, query: "status = 404", extra: "&limit=1&cursor=\(cursor)")
            #expect(other.status == .badRequest)
        }
    }

    @Test("a query that is not one is 400 naming the column and what was expected")
    func errors() async throws {
        try await withServer { client, token in
            let wrong = try await messages(client, token, query: "status >= ok")
            #expect(wrong.status == .badRequest)
            #expect(try errorCode(wrong.body) == "invalid_request")
            let message = (try json(wrong.body)["error"] as? [String: Any])?["message"] as? String
            #expect(message == "query: column 11: expected a number after '>=' (only numbers, times and severities are ordered), found 'ok'")
        }
    }

    @Test("POST /logs/query takes the parameters as a JSON object and answers as GET /logs does")
    func postQuery() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let body = #"{"query": "service.name = search and duration_ms >= 6", "limit": 2}"#
            let response = try await client.execute(uri: "/logs/query", method: .post, headers: headers(token), body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let page = try json(response.body)
            #expect((page["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                == ["request 10 took 100 ms", "request 7 took 70 ms"])
            let cursor = try #require(page["nextCursor"] as? String)
            let next = #"{"query": "service.name = search and duration_ms >= 6", "limit": 2, "cursor": "\#(cursor)"}"#
            let second = try await client.execute(uri: "/logs/query", method: .post, headers: headers(token), body: ByteBuffer(string: next))
            #expect((try json(second.body)["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String } == ["request 4 took 40 ms"])
            for bad in [#"{"query": 5}"#, #"{"query": "a", "query": "b"}"#, "not json"] {
                let refused = try await client.execute(uri: "/logs/query", method: .post, headers: headers(token), body: ByteBuffer(string: bad))
                #expect(refused.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test("JSON-RPC logs.query takes the same query in its params")
    func jsonRPC() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
            let call = #"{"jsonrpc": "2.0", "id": 1, "method": "logs.query", "params": {"query": "status = 503 and duration_ms > 10"}}"#
            let response = try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string: call))
            let result = try #require(try json(response.body)["result"] as? [String: Any])
            let logs = (result["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(logs == ["request 11 took 110 ms", "request 8 took 80 ms"])
            let bad = #"{"jsonrpc": "2.0", "id": 2, "method": "logs.query", "params": {"query": "(unclosed"}}"#
            let refused = try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string: bad))
            let error = try #require(try json(refused.body)["error"] as? [String: Any])
            #expect(error["code"] as? Int == -32602)
            #expect((error["message"] as? String)?.contains("column 10") == true)
        }
    }
}
