import Composition
import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import OpenAPIKit
import TestSupport
import Testing

/// The OpenAPI document (`Modules/Gateway/Resources/openapi.json`, served at `GET /openapi.json`) read by
/// OpenAPIKit and held against the code both ways: what the document names exists in the code, and what the
/// code can answer is in the document. Every list the checks compare with comes from the code (the router,
/// `ServiceError.Code`, `RPCErrorCode`), never from a copy here.
@Suite("The OpenAPI document is the contract of the HTTP API")
struct OpenAPIContractTests {
    @Test("is OpenAPI 3.1 and passes OpenAPIKit's validation, warnings counted as errors")
    func validates() throws {
        let document = try Self.document()
        #expect(document.openAPIVersion == .v3_1_0)
        // The defaults (unique ids and parameters, references that resolve, ...) and a few more. Not
        // `schemaComponentsAreDefined`: it takes JSON Schema's `oneOf: [{"required": ["result"]}, ...]`
        // idiom (RPCResponse) for empty schemas.
        let validator = Validator().validating(\.operationsContainResponses, \.pathParametersAreDefined,
                                               \.jsonSchemaNumericBoundIsValid, \.jsonSchemaArrayLengthBoundIsValid,
                                               \.jsonSchemaStringLengthBoundIsValid, \.jsonSchemaObjectPropertyCountIsValid)
        #expect(try document.validate(using: validator, strict: true).isEmpty)
    }

    @Test("names exactly the routes the router serves, method by method")
    func namesTheRoutes() async throws {
        let (service, _) = try await makeTestService()
        let routed = Set(service.router().routes.map { route in
            Endpoint(method: route.method.rawValue, path: Self.openAPIPath(route.path.description))
        })
        await service.shutdown()
        let documented = Set(try Self.document().paths.flatMap { path, item -> [Endpoint] in
            guard let item = item.pathItemValue else {
                Issue.record("\(path.rawValue) is a reference; the document keeps its path items inline")
                return []
            }
            return item.endpoints.map { Endpoint(method: $0.method.rawValue, path: path.rawValue) }
        })
        #expect(!routed.isEmpty)
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed")
        #expect(routed.subtracting(documented).isEmpty, "routed but not documented")
    }

    @Test("lists exactly the REST error codes of ServiceError.Code, each with its HTTP status and JSON-RPC code")
    func listsTheErrorCodes() throws {
        let schema = try Self.schema("ErrorCode")
        let documented = try #require(schema.allowedValues).compactMap { $0.value as? String }
        #expect(documented.count == schema.allowedValues?.count, "every value of the enum is a string")
        #expect(Set(documented) == Set(ServiceError.Code.allCases.map(\.rawValue)))
        #expect(documented.count == Set(documented).count, "no code is listed twice")
        #expect(try Self.table("x-http-status", of: schema) == Dictionary(
            uniqueKeysWithValues: ServiceError.Code.allCases.map { ($0.rawValue, $0.httpStatus) }))
        #expect(try Self.table("x-jsonrpc-code", of: schema) == Dictionary(
            uniqueKeysWithValues: ServiceError.Code.allCases.map { ($0.rawValue, $0.rpcCode) }))
    }

    @Test("gives REST errors and JSON-RPC errors' data the one list of error codes")
    func errorShapesUseTheList() throws {
        let errorCode = "#/components/schemas/ErrorCode"
        let rest = try #require(Self.schema("Error").objectContext?.properties["error"]?.objectContext)
        #expect(rest.properties["code"]?.reference?.absoluteString == errorCode)
        let data = try #require(Self.schema("RPCError").objectContext?.properties["data"]?.objectContext)
        #expect(data.properties["code"]?.reference?.absoluteString == errorCode)
    }

    @Test("lists exactly the JSON-RPC error codes POST /rpc can answer, -32009 conflict among them")
    func listsTheRPCErrorCodes() throws {
        let code = try #require(Self.schema("RPCError").objectContext?.properties["code"])
        let documented = try #require(code.allowedValues).compactMap { $0.value as? Int }
        #expect(documented.count == code.allowedValues?.count, "every value of the enum is an integer")
        #expect(Set(documented) == RPCErrorCode.all)
        #expect(documented.count == Set(documented).count, "no code is listed twice")
        #expect(documented.contains(ServiceError.Code.conflict.rpcCode))
        let prose = try #require(try Self.document().paths["/rpc"]?.pathItemValue?.post?.description)
        for rpcCode in RPCErrorCode.all {
            #expect(prose.contains(String(rpcCode)), "POST /rpc's description does not explain \(rpcCode)")
        }
    }

    @Test("answers with no error status but one of an error code, each named by number")
    func errorStatusesComeFromTheErrorCodes() throws {
        let statuses = Set(ServiceError.Code.allCases.map(\.httpStatus))
        for (path, item) in try Self.document().paths {
            for endpoint in try #require(item.pathItemValue).endpoints {
                let operation = "\(endpoint.method.rawValue) \(path.rawValue)"
                for status in endpoint.operation.responses.keys {
                    guard case .status(code: let code) = status.value else {
                        Issue.record("\(operation) answers \(status.rawValue): name each status")
                        continue
                    }
                    if code >= 400 { #expect(statuses.contains(code), "\(operation) answers \(code), which no error code has") }
                }
            }
        }
    }

    @Test("documents the 401 that every operation needing a token answers without one")
    func documentsTheRefusalWithoutAToken() async throws {
        let document = try Self.document()
        let probes = try document.paths.flatMap { path, item -> [Probe] in
            try #require(item.pathItemValue).endpoints.compactMap { endpoint in
                // An empty requirement (`{}`) among the alternatives makes credentials optional.
                let security = endpoint.operation.security ?? document.security
                guard !security.isEmpty, !security.contains(where: \.isEmpty) else { return nil }
                return Probe(method: endpoint.method.rawValue, path: path.rawValue,
                             uri: "/" + path.components.map { $0.hasPrefix("{") ? "x" : $0 }.joined(separator: "/"),
                             documents401: endpoint.operation.responses[.status(code: 401)] != nil)
            }
        }
        #expect(!probes.isEmpty, "no operation needs a token")
        let (service, _) = try await makeTestService()
        try await service.application(host: "127.0.0.1", port: 0).test(.live) { client in
            for probe in probes {
                let response = try await client.execute(uri: probe.uri, method: try #require(HTTPRequest.Method(probe.method)),
                                                        headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: "{}"))
                #expect(response.status == .unauthorized, "\(probe.method) \(probe.path) answers \(response.status) without a token")
                #expect(probe.documents401, "\(probe.method) \(probe.path) does not document 401")
            }
        }
        await service.shutdown()
    }

    /// A request without a token to an operation that needs one: `uri` is `path` with `x` for each parameter.
    struct Probe: Sendable {
        let method: String
        let path: String
        let uri: String
        let documents401: Bool
    }

    /// A method and an OpenAPI path (`{name}` for a parameter), as in `GET /{pool}/.well-known/jwks.json`.
    struct Endpoint: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method) \(path)" }
    }

    /// The embedded document, decoded.
    static func document() throws -> OpenAPI.Document {
        try JSONDecoder().decode(OpenAPI.Document.self, from: Data(OpenAPIDocument.bytes))
    }

    /// `components.schemas[name]`.
    static func schema(_ name: String) throws -> JSONSchema {
        try #require(try document().components.schemas[OpenAPI.ComponentKey(stringLiteral: name)], "no schema \(name)")
    }

    /// A vendor extension of `schema` that maps error codes to numbers, e.g. `x-http-status`: `{"conflict": 409, ...}`.
    static func table(_ name: String, of schema: JSONSchema) throws -> [String: Int] {
        let table = try #require(schema.vendorExtensions[name]?.value as? [String: Any], "no \(name) in the schema")
        return try table.mapValues { try #require($0 as? Int, "\(name) maps a code to \($0)") }
    }

    /// Hummingbird's path (`/:pool/.well-known/jwks.json`) in OpenAPI's form (`/{pool}/.well-known/jwks.json`).
    static func openAPIPath(_ routerPath: String) -> String {
        routerPath.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }
}
