import Auth
import Composition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

/// Posts `body` to /rpc with the admin's token (or `token`), returning status and parsed JSON (nil for no body).
private func rpc(_ client: any TestClientProtocol, _ body: String, token: String?) async throws -> (HTTPResponse.Status, Any?) {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let token { headers[.authorization] = token }
    let response = try await client.execute(uri: "/rpc", method: .post, headers: headers, body: ByteBuffer(string: body))
    let data = Data(response.body.readableBytesView)
    return (response.status, data.isEmpty ? nil : try JSONSerialization.jsonObject(with: data))
}

private func withRPC(_ body: @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
    let (service, _) = try await makeTestService()
    let token = try await #require(service.pool).idToken(for: "admin")
    try await service.application(host: "127.0.0.1", port: 0).test(.live) { client in try await body(client, token) }
}

private func errorCode(_ object: Any?) -> Int? {
    ((object as? [String: Any])?["error"] as? [String: Any])?["code"] as? Int
}

private func id(_ object: Any?) -> Any? { (object as? [String: Any])?["id"] }

@Suite("JSON-RPC 2.0 at POST /rpc")
struct JSONRPCTests {
    /// Section 7 of the JSON-RPC 2.0 specification, replayed over HTTP. Its `subtract`, `sum`,
    /// `get_data` and `update` are not methods of this service, so where the specification shows their
    /// results this service answers Method not found (-32601) for the same id; every other
    /// answer is the specification's own.
    @Test("replays the specification's examples: calls, notifications, errors and batches")
    func specificationExamples() async throws {
        try await withRPC { client, token in
            for (request, requestID) in [(#"{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}"#, 1),
                                         (#"{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}"#, 3)] {
                let (status, body) = try await rpc(client, request, token: token)
                #expect(status == .ok)
                #expect(errorCode(body) == -32601)
                #expect(id(body) as? Int == requestID)
            }
            for notification in [#"{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}"#, #"{"jsonrpc": "2.0", "method": "foobar"}"#] {
                let (status, body) = try await rpc(client, notification, token: token)
                #expect(status == .noContent)
                #expect(body == nil)
            }
            let (_, missing) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#, token: token)
            #expect(errorCode(missing) == -32601)
            #expect(id(missing) as? String == "1")
            #expect(((missing as? [String: Any])?["error"] as? [String: Any])?["message"] as? String == "Method not found")
            let (_, parse) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#, token: token)
            #expect(errorCode(parse) == -32700)
            #expect(id(parse) is NSNull)
            let (_, invalid) = try await rpc(client, #"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#, token: token)
            #expect(errorCode(invalid) == -32600)
            #expect(id(invalid) is NSNull)
            let (_, batchParse) = try await rpc(client, """
                [
                  {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                  {"jsonrpc": "2.0", "method"
                ]
                """, token: token)
            #expect(errorCode(batchParse) == -32700)
            let (_, empty) = try await rpc(client, "[]", token: token)
            #expect(errorCode(empty) == -32600)
            #expect(id(empty) is NSNull)
            for (request, count) in [("[1]", 1), ("[1,2,3]", 3)] {
                let (_, body) = try await rpc(client, request, token: token)
                let responses = try #require(body as? [[String: Any]])
                #expect(responses.count == count)
                #expect(responses.allSatisfy { errorCode($0) == -32600 && $0["id"] is NSNull })
            }
            let (_, mixed) = try await rpc(client, """
                [
                    {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                    {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                    {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
                    {"foo": "boo"},
                    {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
                    {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
                ]
                """, token: token)
            let responses = try #require(mixed as? [[String: Any]])
            #expect(responses.count == 5, "the notification gets no response")
            #expect(responses.map { $0["id"] as? String } == ["1", "2", nil, "5", "9"])
            #expect(responses.map(errorCode) == [-32601, -32601, -32600, -32601, -32601])
            let (status, none) = try await rpc(client, """
                [
                    {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
                    {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}
                ]
                """, token: token)
            #expect(status == .noContent)
            #expect(none == nil)
        }
    }

    @Test("stores and queries logs with logs.put, logs.putBatch and logs.query; one failing call does not fail the others")
    func logMethods() async throws {
        try await withRPC { client, token in
            let (_, put) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "info", "message": "one"}, "id": 1}"#, token: token)
            let result = try #require((put as? [String: Any])?["result"] as? [String: Any])
            #expect(result["id"] is String)
            #expect((put as? [String: Any])?["error"] == nil, "exactly one of result and error")
            let (_, batch) = try await rpc(client, """
                [
                  {"jsonrpc": "2.0", "method": "logs.putBatch", "params": {"entries": [{"severity": "warn", "message": "two"}, {"severity": "error", "message": "three"}]}, "id": "b"},
                  {"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "shouting", "message": "bad"}, "id": "c"},
                  {"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "debug", "message": "four"}},
                  {"jsonrpc": "2.0", "method": "logs.query", "params": {"limit": "ten"}, "id": null}
                ]
                """, token: token)
            let responses = try #require(batch as? [[String: Any]])
            #expect(responses.count == 3)
            #expect((responses[0]["result"] as? [String: Any])?["count"] as? Int == 2)
            #expect(errorCode(responses[1]) == -32602)
            #expect(responses[2]["id"] is NSNull, "an id of null is still answered")
            #expect(errorCode(responses[2]) == -32602)
            let (_, query) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.query", "params": {"limit": 10, "severity": "warning"}, "id": 9}"#, token: token)
            let logs = try #require(((query as? [String: Any])?["result"] as? [String: Any])?["logs"] as? [[String: Any]])
            #expect(logs.compactMap { $0["message"] as? String } == ["three", "two"])
            let (_, all) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.query", "id": 10}"#, token: token)
            let everything = try #require(((all as? [String: Any])?["result"] as? [String: Any])?["logs"] as? [Any])
            #expect(everything.count == 4, "the notification's entry was stored too")
        }
    }

    @Test("names a bad param by its path inside params; params that are no object and ids of other types are refused")
    func paramsAndIDs() async throws {
        try await withRPC { client, token in
            let (_, typed) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.putBatch", "params": {"entries": [{"severity": "info", "message": 1}]}, "id": 1}"#, token: token)
            #expect(errorCode(typed) == -32602)
            #expect(((typed as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
                == "invalid params: `entries[0].message` has the wrong type (expected string)")
            let (_, array) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.put", "params": ["info", "x"], "id": 2}"#, token: token)
            #expect(errorCode(array) == -32602)
            #expect(((array as? [String: Any])?["error"] as? [String: Any])?["message"] as? String == "params must be an object")
            for invalid in [#"{"jsonrpc": "2.0", "method": "logs.put", "params": null, "id": 3}"#,
                            #"{"jsonrpc": "2.0", "method": "logs.put", "params": "info", "id": 4}"#,
                            #"{"jsonrpc": "2.0", "method": "logs.query", "id": {"a": 1}}"#,
                            #"{"jsonrpc": "2.0", "method": "logs.query", "id": true}"#,
                            #"{"jsonrpc": "1.0", "method": "logs.query", "id": 5}"#, "42", #""logs.query""#] {
                let (_, body) = try await rpc(client, invalid, token: token)
                #expect(errorCode(body) == -32600, "\(invalid)")
                #expect(id(body) is NSNull)
            }
            let (_, all) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.query", "id": 6}"#, token: token)
            #expect((((all as? [String: Any])?["result"] as? [String: Any])?["logs"] as? [Any])?.isEmpty == true, "nothing was stored")
        }
    }

    @Test("refuses a request without a valid token with HTTP 401 and one -32001 error with a null id, before reading its body, writing nothing")
    func unauthenticated() async throws {
        try await withRPC { client, token in
            for bad in [nil, "Bearer nonsense"] {
                for call in [#"{"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "info", "message": "x"}, "id": 1}"#,
                             #"[{"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "info", "message": "x"}, "id": 1}]"#,
                             "not even JSON"] {
                let (status, body) = try await rpc(client, call, token: bad)
                #expect(status == .unauthorized)
                #expect(errorCode(body) == -32001)
                #expect(id(body) is NSNull)
                let data = ((body as? [String: Any])?["error"] as? [String: Any])?["data"] as? [String: Any]
                #expect(data?["code"] as? String == "unauthenticated")
                }
            }
            let (_, all) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.query", "id": 2}"#, token: token)
            #expect((((all as? [String: Any])?["result"] as? [String: Any])?["logs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("answers a body sent as another media type with HTTP 415 and a -32015 error, running nothing")
    func notJSON() async throws {
        try await withRPC { client, token in
            let response = try await client.execute(
                uri: "/rpc", method: .post, headers: [.contentType: "text/plain", .authorization: token],
                body: ByteBuffer(string: #"{"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "info", "message": "x"}, "id": 1}"#))
            #expect(response.status == .unsupportedMediaType)
            let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            #expect(errorCode(body) == -32015)
            let (_, all) = try await rpc(client, #"{"jsonrpc": "2.0", "method": "logs.query", "id": 2}"#, token: token)
            #expect((((all as? [String: Any])?["result"] as? [String: Any])?["logs"] as? [Any])?.isEmpty == true)
        }
    }
}
