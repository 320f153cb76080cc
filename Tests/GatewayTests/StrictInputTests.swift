import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

/// The same hostile bodies against every route that reads JSON: each refuses them with its protocol's documented
/// error (REST 400 `invalid_request`, JSON-RPC -32700 Parse error, Cognito `InvalidParameterException`), and
/// nothing is stored.
@Suite("One strict JSON front door on every route")
struct StrictInputTests {
    /// Bodies every route must refuse, named by the rule they break.
    static let malformed: [(String, [UInt8])] = [
        ("a member named twice", Array(#"{"severity":"debug","severity":"critical","message":"m"}"#.utf8)),
        ("a batch named twice", Array(#"{"entries":[],"entries":[{"severity":"info","message":"m"}]}"#.utf8)),
        ("invalid UTF-8 in a field no route reads", Array(#"{"severity":"info","message":"m","x":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)),
        ("invalid UTF-8 outside strings", Array(#"{"severity":"info","message":"m"}"#.utf8) + [0xC0]),
        ("nesting 65 deep", Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8)),
        ("a lone surrogate escape", Array(#"{"severity":"info","message":"\uD800"}"#.utf8)),
        ("trailing content", Array(#"{"severity":"info","message":"m"} {}"#.utf8)),
    ]

    private static func post(_ client: any TestClientProtocol, _ uri: String, _ headers: HTTPFields, _ body: [UInt8]) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    @Test("every JSON route refuses the same malformed bodies with its documented error, and stores nothing")
    func sameRefusalEverywhere() async throws {
        try await withService { client, token, pool in
            let target = try #require(HTTPField.Name("X-Amz-Target"))
            for (rule, body) in StrictInputTests.malformed {
                let rest = try await Self.post(client, "/logs", headers(token), body)
                #expect(rest.status == .badRequest, "\(rule)")
                #expect(try errorCode(rest.body) == "invalid_request", "\(rule)")
                let message = try #require((try json(rest.body)["error"] as? [String: Any])?["message"] as? String)
                #expect(message.hasPrefix("the body is not valid JSON: it "), "\(rule): \(message)")

                let rpc = try await Self.post(client, "/rpc", headers(token), body)
                #expect(rpc.status == .ok, "\(rule)")
                #expect((try json(rpc.body)["error"] as? [String: Any])?["code"] as? Int == -32700, "\(rule)")
                #expect(try json(rpc.body)["id"] is NSNull, "\(rule)")

                let cognito = try await Self.post(client, "/", [.contentType: "application/x-amz-json-1.1",
                                                                 target: "AWSCognitoIdentityProviderService.InitiateAuth"], body)
                #expect(cognito.status == .badRequest, "\(rule)")
                #expect(try json(cognito.body)["__type"] as? String == "InvalidParameterException", "\(rule)")
            }
            _ = pool
            let stored = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            #expect((try json(stored.body)["logs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a byte order mark is skipped alike by REST and JSON-RPC")
    func byteOrderMark() async throws {
        try await withServer { client, token in
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let rest = try await Self.post(client, "/logs", headers(token), bom + Array(#"{"severity":"info","message":"with a BOM"}"#.utf8))
            #expect(rest.status == .created)
            let call = bom + Array(#"{"jsonrpc":"2.0","id":1,"method":"logs.query","params":{}}"#.utf8)
            let rpc = try await Self.post(client, "/rpc", headers(token), call)
            let result = try #require(try json(rpc.body)["result"] as? [String: Any])
            #expect((result["logs"] as? [[String: Any]])?.first?["message"] as? String == "with a BOM")
        }
    }

    @Test("a JSON-RPC id comes back byte for byte, whatever its size or form", arguments: [
        "12345678901234567890", "-0", "1.50", "1e400", "-12345678901234567890.000001", #""str\u00e9""#,
    ])
    func rpcIDEcho(id: String) async throws {
        try await withServer { client, token in
            let call = #"{"jsonrpc":"2.0","id":\#(id),"method":"logs.query","params":{"limit":1}}"#
            let answer = try await Self.post(client, "/rpc", headers(token), Array(call.utf8))
            #expect(String(buffer: answer.body).contains(#""id":\#(id == #""str\u00e9""# ? #""stré""# : id),"#),
                    "\(String(buffer: answer.body))")
        }
    }

    @Test("query strings are form encoded: + is a space, %2B a plus; a parameter given twice is refused")
    func formEncodedQuery() async throws {
        try await withServer { client, token in
            let stored = try await Self.post(client, "/logs", headers(token), Array(#"{"severity":"error","message":"disk full on /var"}"#.utf8))
            #expect(stored.status == .created)
            let auth = headers(token, contentType: nil)
            for query in ["q=disk+full", "q=disk%20full", "q=DISK+FULL&severity=error", "q=disk+full&since=2000-01-01T00:00:00%2B01:00"] {
                let found = try await client.execute(uri: "/logs?\(query)", method: .get, headers: auth)
                #expect((try json(found.body)["logs"] as? [Any])?.count == 1, "\(query)")
            }
            let rawPlus = try await client.execute(uri: "/logs?since=2000-01-01T00:00:00+01:00", method: .get, headers: auth)
            #expect(rawPlus.status == .badRequest)
            #expect(String(buffer: rawPlus.body).contains("write a + offset as %2B"))
            let twice = try await client.execute(uri: "/logs?q=a&q=b", method: .get, headers: auth)
            #expect(twice.status == .badRequest)
            let badEscape = try await client.execute(uri: "/logs?q=%E2%28", method: .get, headers: auth)
            #expect(badEscape.status == .badRequest)
        }
    }

    @Test("errors name the field and the rule, never the value a client sent")
    func noEcho() async throws {
        try await withServer { client, token in
            let marker = "<img src=x onerror=alert(1)>"
            let severity = try await Self.post(client, "/logs", headers(token), Array(#"{"severity":"\#(marker)","message":"m"}"#.utf8))
            #expect(severity.status == .badRequest)
            let missing = try await client.execute(uri: "/\(marker.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                                                   method: .get)
            #expect(missing.status == .notFound)
            let duplicate = try await Self.post(client, "/logs", headers(token),
                                                Array(#"[{"severity":"info","message":"a","id":"\#("imgsrcx")"},{"severity":"info","message":"b","id":"imgsrcx"}]"#.utf8))
            #expect(duplicate.status == .badRequest)
            for answer in [severity, missing, duplicate] {
                let text = String(buffer: answer.body)
                #expect(!text.contains("img"), "\(text)")
            }
        }
    }
}
