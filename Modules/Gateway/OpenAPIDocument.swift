import NIOCore

/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`.
///
/// Source: `Modules/Gateway/Resources/openapi.json`, compiled into this module by SwiftPM's
/// `embedInCode` (as `PackageResources.openapi_json`), so neither the process nor a Lambda
/// package needs a resource bundle at run time. Edit the file, not this type.
enum OpenAPIDocument {
    /// The document's UTF-8 JSON text, byte for byte as in the file.
    static var bytes: [UInt8] { PackageResources.openapi_json }

    /// The bytes once, in the buffer every response shares (copy-on-write: serving copies nothing).
    static let buffer = ByteBuffer(bytes: PackageResources.openapi_json)
}
