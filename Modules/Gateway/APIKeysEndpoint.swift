import Bus
import Hummingbird
import Model
import NIOCore

/// `GET`, `POST /admin/api-keys` and `DELETE /admin/api-keys/{id}`: an administrator lists, creates and revokes its
/// own tenant's API keys. Each request is admitted as every route that acts for a caller is (`Admission`: token, then
/// body), refused with 403 unless the caller holds the `admin` role before its body is read, and sent to the Auth
/// module over the bus (`auth.api_keys`), which checks the role again and confines the operation to the caller's
/// tenant: a key of another tenant is `not_found`, never shown.
struct APIKeysEndpoint: Sendable {
    let gateway: Gateway

    /// `GET /admin/api-keys`: `{"api_keys": [APIKeySummary]}`, the tenant's keys in force and expired, oldest first.
    func list(_ request: Request, context: GatewayContext) async throws -> Response {
        let caller = try await gateway.admission.administrator(of: request, context: context)
        _ = try QueryString(request.uri.query, reading: [])
        guard case .listed(let keys) = try await send(.list, by: caller) else { throw APIKeysEndpoint.wrongReply }
        return try JSONResponse.make(KeyList(apiKeys: keys), headers: [.cacheControl: "no-store"])
    }

    /// `POST /admin/api-keys`: 201 with the new key's summary and `key`, its only showing.
    func create(_ request: Request, context: GatewayContext) async throws -> Response {
        let caller = try await gateway.admission.administrator(of: request, context: context)
        let spec = try await gateway.admission.body(of: request, for: caller) { buffer in
            do {
                return try JSONCoding.decoder().decode(APIKeyBody.self, from: buffer.readableBytesView).key
            } catch {
                throw ServiceError.invalid(JSONCoding.describe(error))
            }
        }
        guard case .created(let created) = try await send(.create(spec), by: caller) else { throw APIKeysEndpoint.wrongReply }
        return try JSONResponse.make(created, status: .created, headers: [.cacheControl: "no-store"])
    }

    /// `DELETE /admin/api-keys/{id}`: 204 once the key is revoked.
    func revoke(_ request: Request, context: GatewayContext) async throws -> Response {
        let caller = try await gateway.admission.administrator(of: request, context: context)
        let id = context.parameters.get("id") ?? ""
        guard case .revoked = try await send(.revoke(id: id), by: caller) else { throw APIKeysEndpoint.wrongReply }
        return Response(status: .noContent)
    }

    private func send(_ action: APIKeyAction, by caller: Principal) async throws(ServiceError) -> APIKeyReply {
        try await gateway.bus.request(Topics.authAPIKeys, APIKeyRequest(caller: caller, action: action), for: caller.claimant)
    }

    private static let wrongReply = ServiceError.internalError("auth.api_keys answered another action")

    private struct KeyList: Encodable {
        let apiKeys: [APIKeySummary]

        enum CodingKeys: String, CodingKey { case apiKeys = "api_keys" }
    }
}
