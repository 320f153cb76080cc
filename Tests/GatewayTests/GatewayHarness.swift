@testable import Auth
import Composition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// Runs `body` against the real HTTP server of a fresh service on a loopback port.
func withServer(
    _ adjust: (inout LogsvcSettings) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol, String) async throws -> Void
) async throws {
    try await withService(adjust) { client, token, _ in try await body(client, token) }
}

/// Like `withServer`, also handing over the service's user pool.
func withService(
    _ adjust: (inout LogsvcSettings) -> Void = { _ in },
    logger: Logger = quietLogger("service"),
    _ body: @Sendable (any TestClientProtocol, String, UserPool) async throws -> Void
) async throws {
    let (service, _) = try await makeTestService(adjust, logger: logger)
    let pool = try #require(service.pool)
    let token = try await pool.idToken(for: "admin")
    try await service.application(host: "127.0.0.1", port: 0).test(.live) { client in
        try await body(client, token, pool)
    }
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

func errorCode(_ buffer: ByteBuffer) throws -> String? {
    (try json(buffer)["error"] as? [String: Any])?["code"] as? String
}

func headers(_ token: String?, contentType: String? = "application/json") -> HTTPFields {
    var fields: HTTPFields = [:]
    if let token { fields[.authorization] = token }
    if let contentType { fields[.contentType] = contentType }
    return fields
}

