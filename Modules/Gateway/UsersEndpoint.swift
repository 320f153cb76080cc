import Bus
import Hummingbird
import Model

/// `/admin/users`: an administrator lists, creates, disables, enables and resets the users of its own tenant in the
/// local pool (the console's user page uses these). Each request is admitted as every route that acts for a caller is
/// (`Admission`), refused with 403 unless the caller holds the `admin` role, and sent to the Auth module over the bus
/// (`auth.users`), which checks the role again and confines the operation to the caller's tenant. A temporary password
/// is in the answer that made it, only; no answer ever holds a password hash.
struct UsersEndpoint: Sendable {
    let gateway: Gateway

    func register(on router: Router<GatewayContext>) {
        router.get("/admin/users") { request, context in
            let caller = try await gateway.admission.administrator(of: request, context: context)
            _ = try QueryString(request.uri.query, reading: [])
            guard case .listed(let users) = try await send(.list, by: caller) else { throw UsersEndpoint.wrongReply }
            return try JSONResponse.make(UserList(users: users), headers: [.cacheControl: "no-store"])
        }
        router.post("/admin/users") { request, context in
            let caller = try await gateway.admission.administrator(of: request, context: context)
            let body = try await gateway.admission.body(of: request, for: caller) { buffer in
                do {
                    return try JSONCoding.decoder().decode(UserBody.self, from: buffer.readableBytesView)
                } catch {
                    throw ServiceError.invalid(JSONCoding.describe(error))
                }
            }
            return try changed(try await send(.create(username: body.username, groups: body.groups), by: caller), status: .created)
        }
        router.post("/admin/users/:username/disable") { request, context in
            try changed(try await send(.setEnabled(username: try username(context), enabled: false), request, context))
        }
        router.post("/admin/users/:username/enable") { request, context in
            try changed(try await send(.setEnabled(username: try username(context), enabled: true), request, context))
        }
        router.post("/admin/users/:username/reset-password") { request, context in
            try changed(try await send(.resetPassword(username: try username(context)), request, context))
        }
    }

    private func username(_ context: GatewayContext) throws(ServiceError) -> String {
        guard let name = context.parameters.get("username") else { throw ServiceError.invalid("a username is needed") }
        return name
    }

    private func send(_ action: UserAdministrationAction, _ request: Request,
                      _ context: GatewayContext) async throws(ServiceError) -> UserAdministrationReply {
        try await send(action, by: try await gateway.admission.administrator(of: request, context: context))
    }

    private func send(_ action: UserAdministrationAction, by caller: Principal) async throws(ServiceError) -> UserAdministrationReply {
        try await gateway.bus.request(Topics.authUsers, UserAdministrationRequest(caller: caller, action: action), for: caller.claimant)
    }

    /// The user's fields, and `temporary_password` when the action made one.
    private func changed(_ reply: UserAdministrationReply, status: HTTPResponse.Status = .ok) throws -> Response {
        guard case .changed(let user, let password) = reply else { throw UsersEndpoint.wrongReply }
        return try JSONResponse.make(ChangedUser(user: user, temporaryPassword: password), status: status,
                                     headers: [.cacheControl: "no-store"])
    }

    private static let wrongReply = ServiceError.internalError("auth.users answered another action")

    private struct UserList: Encodable {
        let users: [UserSummary]
    }

    private struct ChangedUser: Encodable {
        let user: UserSummary
        let temporaryPassword: String?

        func encode(to encoder: any Encoder) throws {
            try user.encode(to: encoder)
            var container = encoder.container(keyedBy: Field.self)
            try container.encodeIfPresent(temporaryPassword, forKey: .temporaryPassword)
        }

        private enum Field: String, CodingKey { case temporaryPassword = "temporary_password" }
    }
}
