import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

private func post(_ client: any TestClientProtocol, _ token: String, _ body: Data, contentType: String = "application/json",
                  encoding: String? = nil, uri: String = "/logs") async throws -> TestResponse {
    var fields = headers(token, contentType: contentType)
    if let encoding { fields[.contentEncoding] = encoding }
    return try await client.execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(bytes: body))
}

private func messages(_ client: any TestClientProtocol, _ token: String) async throws -> [String] {
    let page = try await client.execute(uri: "/logs?limit=1000", method: .get, headers: headers(token, contentType: nil))
    return (try json(page.body)["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
}

@Suite("Shipper-friendly bodies: gzip and NDJSON")
struct ShipperBodiesTests {
    @Test("a gzip-compressed batch is stored as if it had been sent plain")
    func gzipBatch() async throws {
        try await withServer { client, token in
            let body = Data(#"[{"severity": "info", "message": "one"}, {"severity": "error", "message": "two"}]"#.utf8)
            let response = try await post(client, token, try await gzipped(body), encoding: "gzip")
            #expect(response.status == .created)
            #expect(try json(response.body)["count"] as? Int == 2)
            #expect(try await messages(client, token) == ["two", "one"])
        }
    }

    @Test("a timestamp with nine fraction digits, at any offset, reads back to the nanosecond; more digits are dropped")
    func nanosecondTimestamps() async throws {
        let now = Timestamp.now().microseconds / 1_000_000
        let second = Timestamp(microseconds: now * 1_000_000).rfc3339.dropLast(8)  // 2026-12-01T13:00:00
        let body = Data(("[{\"severity\": \"info\", \"message\": \"utc\", \"timestamp\": \"\(second).123456789Z\"},"
            + " {\"severity\": \"info\", \"message\": \"ten digits\", \"timestamp\": \"\(second).0000000019Z\"}]").utf8)
        try await withServer { client, token in
            #expect(try await post(client, token, body).status == .created)
            let page = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            let times = Dictionary(uniqueKeysWithValues: (try json(page.body)["logs"] as? [[String: Any]] ?? []).compactMap { entry in
                (entry["message"] as? String).map { ($0, entry["timeUnixNano"] as? String ?? "") }
            })
            #expect(times["utc"] == "\(now)123456789")
            #expect(times["ten digits"] == "\(now)000000001")
        }
    }

    @Test("a gzip bomb is 413 before it is inflated past max_body_bytes, and stores nothing")
    func gzipBomb() async throws {
        // 50 MB of zeros compress to about 50 KB: far under the body limit sent, far over it inflated.
        let bomb = try await gzipped(Data(count: 50_000_000))
        #expect(bomb.count < 100_000)
        try await withServer { client, token in
            let response = try await post(client, token, bomb, encoding: "gzip")
            #expect(response.status == .contentTooLarge)
            #expect(try errorCode(response.body) == "payload_too_large")
            #expect(String(buffer: response.body).contains("once decompressed"))
            #expect(try await messages(client, token).isEmpty)
        }
    }

    @Test("a body that is not one complete gzip stream is 400 and stores nothing", arguments: ["garbage", "truncated", "trailing"])
    func brokenGzip(_ kind: String) async throws {
        let valid = try await gzipped(Data(#"{"severity": "info", "message": "one"}"#.utf8))
        let body = switch kind {
        case "garbage": Data([0x1f, 0x8b, 0x08, 0x00]) + Data(repeating: 0x5a, count: 64)
        case "truncated": valid.prefix(valid.count / 2)
        default: valid + Data("junk".utf8)
        }
        try await withServer { client, token in
            let response = try await post(client, token, body, encoding: "gzip")
            #expect(response.status == .badRequest)
            #expect(try errorCode(response.body) == "invalid_request")
            #expect(try await messages(client, token).isEmpty)
        }
    }

    @Test("a Content-Encoding other than gzip or identity is 415, without echoing it", arguments: ["br", "deflate", "gzip, gzip", "<x>"])
    func unsupportedEncoding(_ encoding: String) async throws {
        try await withServer { client, token in
            let response = try await post(client, token, Data(#"{"severity": "info", "message": "one"}"#.utf8), encoding: encoding)
            #expect(response.status == .unsupportedMediaType)
            #expect(!String(buffer: response.body).contains(encoding))
            #expect(try await messages(client, token).isEmpty)
        }
    }

    @Test("NDJSON: one entry per line, CRLF and blank lines allowed, stored as one batch in order")
    func ndjson() async throws {
        try await withServer { client, token in
            let body = "{\"severity\": \"info\", \"message\": \"one\"}\r\n\n{\"severity\": \"warning\", \"message\": \"two\"}\n"
                + #"{"severity": "error", "message": "three", "attributes": {"k": "v"}}"#
            let response = try await post(client, token, Data(body.utf8), contentType: "application/x-ndjson")
            #expect(response.status == .created)
            #expect(try json(response.body)["count"] as? Int == 3)
            #expect(try await messages(client, token) == ["three", "two", "one"])
            let zipped = try await post(client, token, try await gzipped(Data(#"{"severity": "info", "message": "four"}"#.utf8)),
                                        contentType: "application/x-ndjson; charset=utf-8", encoding: "gzip")
            #expect(zipped.status == .created)
        }
    }

    @Test("NDJSON: a bad line is 400 naming the line, and nothing of the batch is stored")
    func ndjsonBadLine() async throws {
        try await withServer { client, token in
            let body = "{\"severity\": \"info\", \"message\": \"one\"}\n{\"severity\": \"info\"}\n"
            let response = try await post(client, token, Data(body.utf8), contentType: "application/x-ndjson")
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("line 2: missing required field `message`"))
            #expect(try await messages(client, token).isEmpty)
        }
    }

    @Test("NDJSON is for POST /logs only: JSON-RPC refuses it with 415; a gzip JSON-RPC call is read")
    func otherRoutes() async throws {
        try await withServer { client, token in
            let call = Data(#"{"jsonrpc": "2.0", "id": 1, "method": "logs.put", "params": {"severity": "info", "message": "rpc"}}"#.utf8)
            #expect(try await post(client, token, call, contentType: "application/x-ndjson", uri: "/rpc").status == .unsupportedMediaType)
            let zipped = try await post(client, token, try await gzipped(call), encoding: "gzip", uri: "/rpc")
            #expect(zipped.status == .ok)
            #expect(try await messages(client, token) == ["rpc"])
        }
    }
}
