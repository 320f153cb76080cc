@testable import Gateway
import Composition
import Foundation
import Model
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("The OpenAPI description at GET /openapi.json")
struct OpenAPIDocumentTests {
    @Test("is OpenAPI 3.1 and names exactly the router's routes, method by method")
    func matchesRouter() async throws {
        let (service, _) = try await makeTestService()
        let routed = Set(service.router().routes.map { route -> String in
            let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method.rawValue) \(path)"
        })
        try await service.application(host: "127.0.0.1", port: 0).test(.live) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(Array(response.body.readableBytesView) == OpenAPIDocument.bytes, "serves Resources/openapi.json byte for byte")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
            let documented = Set(paths.flatMap { path, item in
                item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
            #expect(documented == routed, "documented but not routed: \(documented.subtracting(routed)); routed but not documented: \(routed.subtracting(documented))")
        }
        await service.shutdown()
    }

    @Test("documents every REST error code")
    func documentsErrorCodes() async throws {
        let text = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        for code in ServiceError.Code.allCases.map(\.rawValue) {
            #expect(text.contains(code), "\(code) is not in the OpenAPI document")
        }
    }
}
