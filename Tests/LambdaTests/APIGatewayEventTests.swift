import Auth
import Foundation
@testable import Lambda
import Model
import Testing

private func decode(_ json: String) throws -> APIGatewayEvent {
    try JSONDecoder().decode(APIGatewayEvent.self, from: Data(json.utf8))
}

private func encode(_ response: APIGatewayResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(response)) as? [String: Any])
}

@Suite("API Gateway events and responses")
struct APIGatewayEventTests {
    @Test("a REST API event gives its method, multi-value query (re-encoded), headers and claims")
    func restEvent() throws {
        let event = try decode("""
            {"httpMethod": "GET", "path": "/logs", "headers": {"Host": "x"}, "multiValueHeaders": {"Host": ["x"], "Accept": ["a", "b"]},
             "queryStringParameters": {"q": "a b"}, "multiValueQueryStringParameters": {"q": ["a b"], "limit": ["5"]},
             "requestContext": {"authorizer": {"claims": {"custom:tenant": "acme", "cognito:groups": "reader"}}},
             "body": null, "isBase64Encoded": false}
            """)
        #expect(event.format == .rest)
        #expect(event.method == "GET")
        #expect(event.target == "/logs?limit=5&q=a%20b")
        #expect(event.headers.filter { $0.name == "Accept" }.map(\.value) == ["a", "b"])
        #expect(event.claims?["custom:tenant"] == .string("acme"))
        #expect(event.body.isEmpty)
    }

    @Test("an HTTP API event gives the raw path and query, its cookies as a header, the JWT claims and a base64 body decoded")
    func httpEvent() throws {
        let event = try decode("""
            {"version": "2.0", "rawPath": "/logs", "rawQueryString": "severity=error", "cookies": ["a=1", "b=2"],
             "headers": {"content-type": "application/json"},
             "requestContext": {"http": {"method": "POST"}, "authorizer": {"jwt": {"claims": {"sub": "u"}, "scopes": null}}},
             "body": "eyJhIjoxfQ==", "isBase64Encoded": true}
            """)
        #expect(event.format == .http)
        #expect(event.method == "POST")
        #expect(event.target == "/logs?severity=error")
        #expect(event.headers.contains { $0.name == "cookie" && $0.value == "a=1; b=2" })
        #expect(event.claims?["sub"] == .string("u"))
        #expect(String(decoding: event.body, as: UTF8.self) == #"{"a":1}"#)
    }

    @Test("a body flagged base64 that is not base64 is refused")
    func badBase64() {
        #expect(throws: DecodingError.self) {
            try decode(#"{"httpMethod": "POST", "path": "/logs", "body": "*not base64*", "isBase64Encoded": true}"#)
        }
    }

    @Test("a REST API response carries single and multi-value headers; JSON travels as text")
    func restResponse() throws {
        let response = try encode(APIGatewayResponse(format: .rest, statusCode: 201,
                                                     headers: [("Content-Type", "application/json"), ("Vary", "a"), ("Vary", "b")],
                                                     body: Array(#"{"ok":true}"#.utf8)))
        #expect(response["statusCode"] as? Int == 201)
        #expect((response["headers"] as? [String: String])?["Vary"] == "a,b")
        #expect((response["multiValueHeaders"] as? [String: [String]])?["Vary"] == ["a", "b"])
        #expect(response["body"] as? String == #"{"ok":true}"#)
        #expect(response["isBase64Encoded"] as? Bool == false)
    }

    @Test("an HTTP API response moves Set-Cookie to cookies and sends binary bodies base64")
    func httpResponse() throws {
        let response = try encode(APIGatewayResponse(format: .http, statusCode: 200,
                                                     headers: [("Content-Type", "application/octet-stream"), ("Set-Cookie", "a=1")],
                                                     body: [0, 1, 255]))
        #expect(response["cookies"] as? [String] == ["a=1"])
        #expect((response["headers"] as? [String: String])?["Set-Cookie"] == nil)
        #expect(response["body"] as? String == Data([0, 1, 255]).base64EncodedString())
        #expect(response["isBase64Encoded"] as? Bool == true)
    }

    @Test("authorizer claims become the same principal as a verified token: tenant, user and groups in every spelling")
    func claims() throws {
        let rule = AuthSettings().principalRule
        for groups in ["writer", "[writer reader]", "writer,reader", "[writer, reader]"] {
            let principal = try AuthorizerClaims.principal(["custom:tenant": .string("acme"), "cognito:username": .string("carol"),
                                                            "cognito:groups": .string(groups), "token_use": .string("id")],
                                                           rule: rule)
            #expect(principal.tenant == TenantID("acme"))
            #expect(principal.subject == "carol")
            #expect(principal.roles.contains(.writer))
            #expect(principal.roles.contains(.reader) == (groups != "writer"))
        }
        #expect(throws: ServiceError.self) {
            try AuthorizerClaims.principal(["cognito:username": .string("x"), "token_use": .string("access")], rule: rule)
        }
    }
}
