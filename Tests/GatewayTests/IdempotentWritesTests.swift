import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

private func post(_ client: any TestClientProtocol, _ token: String, _ body: String, key: String? = nil) async throws -> TestResponse {
    var fields = headers(token)
    if let key, let name = HTTPField.Name("Idempotency-Key") { fields[name] = key }
    return try await client.execute(uri: "/logs", method: .post, headers: fields, body: ByteBuffer(string: body))
}

private func messages(_ client: any TestClientProtocol, _ token: String) async throws -> [String] {
    let page = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
    return (try json(page.body)["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
}

@Suite("Retried writes over HTTP: Idempotency-Key and client ids")
struct IdempotentWritesTests {
    @Test("a retried POST /logs with the same Idempotency-Key answers as the first time and stores nothing new")
    func replay() async throws {
        try await withServer { client, token in
            let body = #"[{"severity": "info", "message": "one"}, {"severity": "error", "message": "two"}]"#
            let first = try await post(client, token, body, key: "batch-2026-11-29-0001")
            #expect(first.status == .created)
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let retry = try await post(client, token, body, key: "batch-2026-11-29-0001")
            #expect(retry.status == .created)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try json(retry.body) as NSDictionary == json(first.body) as NSDictionary)
            #expect(try await messages(client, token) == ["two", "one"])
        }
    }

    @Test("one Idempotency-Key with a different body is 409 conflict and stores nothing")
    func conflict() async throws {
        try await withServer { client, token in
            #expect(try await post(client, token, #"{"severity": "info", "message": "one"}"#, key: "k-1").status == .created)
            let other = try await post(client, token, #"{"severity": "info", "message": "changed"}"#, key: "k-1")
            #expect(other.status == .conflict)
            #expect(try errorCode(other.body) == "conflict")
            #expect(try await messages(client, token) == ["one"])
        }
    }

    @Test("a malformed Idempotency-Key is 400 and stores nothing")
    func malformedKey() async throws {
        try await withServer { client, token in
            let response = try await post(client, token, #"{"severity": "info", "message": "one"}"#,
                                          key: String(repeating: "k", count: 256))
            #expect(response.status == .badRequest)
            #expect(try await messages(client, token).isEmpty)
        }
    }

    @Test("entries with client ids, timestamps and attributes round-trip through POST and GET /logs")
    func optionalFields() async throws {
        try await withServer { client, token in
            let hourAgo = ISO8601DateFormatter().string(from: Date(timeIntervalSinceNow: -3600))  // 2026-11-29T05:00:00Z
            let when = hourAgo.dropLast() + ".25Z"
            let body = #"{"entries": [{"severity": "warn", "message": "retrying", "id": "job-7:attempt-2", "timestamp": "\#(when)", "attributes": {"job": "7", "region": "eu-west-1"}}]}"#
            let created = try await post(client, token, body)
            #expect(created.status == .created)
            let entries = try #require(try json(created.body)["entries"] as? [[String: Any]])
            #expect(entries.first?["id"] as? String == "job-7:attempt-2")
            #expect(entries.first?["timestamp"] as? String == hourAgo.dropLast() + ".250000Z")
            let again = try await post(client, token, body)
            #expect(try json(again.body) as NSDictionary == json(created.body) as NSDictionary)
            let page = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            let logs = try #require(try json(page.body)["logs"] as? [[String: Any]])
            #expect(logs.count == 1)
            #expect(logs.first?["attributes"] as? [String: String] == ["job": "7", "region": "eu-west-1"])
            #expect(logs.first?["severity"] as? String == "warning")
        }
    }

    @Test("wrong types in the optional fields are 400 naming the field", arguments: [
        #"{"severity": "info", "message": "m", "timestamp": 1764392400}"#,
        #"{"severity": "info", "message": "m", "attributes": {"n": null}}"#,
        #"{"severity": "info", "message": "m", "attributes": {"n": [1, null]}}"#,
        #"{"severity": "info", "message": "m", "attributes": ["a"]}"#,
        #"{"severity": "info", "message": "m", "id": 42}"#,
        #"{"severity": "info", "message": "m", "tags": {}}"#,
    ])
    func wrongTypes(body: String) async throws {
        try await withServer { client, token in
            let response = try await post(client, token, body)
            #expect(response.status == .badRequest)
            #expect(try await messages(client, token).isEmpty)
        }
    }

    @Test("JSON-RPC logs.put with a client id is idempotent too")
    func rpcClientID() async throws {
        try await withServer { client, token in
            let call = #"{"jsonrpc": "2.0", "id": 1, "method": "logs.put", "params": {"severity": "info", "message": "m", "id": "rpc-1", "attributes": {"via": "rpc"}}}"#
            var answers: [[String: Any]] = []
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string: call))
                answers.append(try #require(try json(response.body)["result"] as? [String: Any]))
            }
            #expect(answers[0]["id"] as? String == "rpc-1")
            #expect(answers[0] as NSDictionary == answers[1] as NSDictionary)
            #expect(try await messages(client, token) == ["m"])
        }
    }
}
