@testable import Gateway
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Content-Type of a JSON body")
struct ContentTypeTests {
    @Test("application/json and application/*+json are read as JSON, with any case, whitespace and parameters", arguments: [
        "application/json",
        "APPLICATION/JSON; charset=UTF-8",
        "Application/Json;charset=utf-8",
        "application/json; charset=\"utf-8\"",
        " application/json \t",
        "application/json ; charset=utf-8 ; profile=\"https://example.com/a;b\"",
        "application/json;",
        "application/json;;charset=utf-8",
        "application/problem+json",
        "application/vnd.api+json; ext=x",
        "application/merge-patch+json",
    ])
    func accepted(_ value: String) {
        #expect(ContentType(value)?.isJSON == true)
    }

    @Test("anything else is refused: other types, look-alikes, another charset, broken syntax", arguments: [
        "text/notjson",
        "text/json",
        "application/jsonx",
        "application/json-seq",
        "application/x-json",
        "application/+json",
        "application/json+xml",
        "text/plain+json",
        "application/x-www-form-urlencoded",
        "json",
        "",
        "application/json; charset=iso-8859-1",
        "application/json; charset=utf-16",
        "application/json; charset=utf8",
        "application/json; charset=",
        "application/json; charset",
        "application/json; charset = utf-8",
        "application /json",
        "application/ json",
        "application/json, text/plain",
        "application/json; p=\"unterminated",
        "applicatión/json",
    ])
    func refused(_ value: String) {
        #expect(ContentType(value)?.isJSON != true)
    }

    @Test("a quoted parameter value is unquoted and its backslash pairs resolved; names are lowercased")
    func parameters() throws {
        let type = try #require(ContentType(#"Application/Problem+JSON; Charset="UTF\-8"; q=1"#))
        #expect(type.type == "application")
        #expect(type.subtype == "problem+json")
        #expect(type.parameters == [.init(name: "charset", value: "UTF-8"), .init(name: "q", value: "1")])
        #expect(type.isJSON)
    }

    @Test("POST /logs with Content-Type text/notjson gets 415 unsupported_media_type and stores nothing")
    func notJSONOverHTTP() async throws {
        try await withServer { client, token in
            let response = try await client.execute(uri: "/logs", method: .post,
                                                    headers: headers(token, contentType: "text/notjson"),
                                                    body: ByteBuffer(string: #"{"severity": "info", "message": "x"}"#))
            #expect(response.status == .unsupportedMediaType)
            #expect(try errorCode(response.body) == "unsupported_media_type")
            let listed = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            #expect((try json(listed.body)["logs"] as? [Any])?.isEmpty == true)
        }
    }
}
