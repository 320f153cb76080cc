import Composition
@testable import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// What `GET /openapi.json` answers. What the document says, and that it matches the code, is
/// `OpenAPIContractTests`'s.
@Suite("The OpenAPI description at GET /openapi.json")
struct OpenAPIDocumentTests {
    @Test("is Resources/openapi.json, byte for byte, as application/json and without a token")
    func servesTheFile() async throws {
        let (service, _) = try await makeTestService()
        try await service.application(host: "127.0.0.1", port: 0).test(.live) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(Array(response.body.readableBytesView) == OpenAPIDocument.bytes)
        }
        await service.shutdown()
    }
}
