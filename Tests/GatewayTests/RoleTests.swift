@testable import Auth
import Composition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

/// An ID token of the pool for a user of tenant `acme` whose `cognito:groups` claim is `groups` (nil: no claim),
/// signed by the pool as its own tokens are.
private func idToken(_ pool: UserPool, groups: JSONValue?) async throws -> String {
    let username = "grouped"
    if try await pool.store.user(username) == nil {
        _ = try await pool.createUser(username, tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
    }
    let now = Double(Timestamp.now().microseconds / 1_000_000)
    var claims: [String: JSONValue] = [
        "sub": .string(UserPool.subject(of: username, pool: pool.userPoolID)), "iss": .string(pool.issuer),
        "aud": .string(pool.clientID), "token_use": .string("id"), "iat": .number(now), "exp": .number(now + 600),
        "cognito:username": .string(username), "custom:tenant": .string("acme"),
    ]
    claims["cognito:groups"] = groups
    let key = try await pool.signingKeys.current()
    return try JWT.sign(claims, kid: key.kid, key: key.privateKey)
}

/// What each route answers `token`: REST status and error code and message, JSON-RPC error code and `data.code`.
private struct Answers {
    var restWrite: (HTTPResponse.Status, String?, String?)
    var restRead: (HTTPResponse.Status, String?, String?)
    var rpcWrite: (Int?, String?, String?)
    var rpcRead: (Int?, String?, String?)

    init(_ client: any TestClientProtocol, token: String) async throws {
        func rest(_ method: HTTPRequest.Method, _ body: String?) async throws -> (HTTPResponse.Status, String?, String?) {
            let response = try await client.execute(uri: "/logs", method: method, headers: headers(token, contentType: body.map { _ in "application/json" }),
                                                    body: body.map { ByteBuffer(string: $0) })
            let error = response.status.code >= 400 ? try json(response.body)["error"] as? [String: Any] : nil
            return (response.status, error?["code"] as? String, error?["message"] as? String)
        }
        func rpc(_ call: String) async throws -> (Int?, String?, String?) {
            let response = try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string: call))
            let error = try json(response.body)["error"] as? [String: Any]
            return (error?["code"] as? Int, (error?["data"] as? [String: Any])?["code"] as? String, error?["message"] as? String)
        }
        restWrite = try await rest(.post, #"{"severity": "info", "message": "roles"}"#)
        restRead = try await rest(.get, nil)
        rpcWrite = try await rpc(#"{"jsonrpc": "2.0", "method": "logs.put", "params": {"severity": "info", "message": "roles"}, "id": 1}"#)
        rpcRead = try await rpc(#"{"jsonrpc": "2.0", "method": "logs.query", "params": {}, "id": 2}"#)
    }

    /// Every route refused with 403 `forbidden` (JSON-RPC -32003), each message containing `rule`.
    func allForbidden(naming rule: String) -> Bool {
        [restWrite, restRead].allSatisfy { $0.0 == .forbidden && $0.1 == "forbidden" && $0.2?.contains(rule) == true }
            && [rpcWrite, rpcRead].allSatisfy { $0.0 == -32003 && $0.1 == "forbidden" && $0.2?.contains(rule) == true }
    }

    var messages: [String] { [restWrite.2, restRead.2, rpcWrite.2, rpcRead.2].compactMap { $0 } }

    var allAllowed: Bool {
        restWrite.0 == .created && restRead.0 == .ok && rpcWrite.0 == nil && rpcRead.0 == nil
    }
}

@Suite("Roles fail closed, over REST and JSON-RPC")
struct RoleTests {
    @Test("groups that are not exactly writer, reader or admin get no access, and the refusal does not echo them")
    func unknownGroups() async throws {
        try await withService { client, _, pool in
            for group in ["Reader", "readers", "auditors", "WRITER", "Admin"] {
                let answers = try await Answers(client, token: try await idToken(pool, groups: .array([.string(group)])))
                #expect(answers.allForbidden(naming: "none of the token's groups (cognito:groups) is exactly writer, reader or admin"),
                        "group \(group)")
                #expect(answers.messages.allSatisfy { !$0.contains(group) }, "group \(group)")
            }
        }
    }

    @Test("a known group among unknown ones grants that role only")
    func knownAmongUnknown() async throws {
        try await withService { client, _, pool in
            let answers = try await Answers(client, token: try await idToken(pool, groups: .array([.string("auditors"), .string("reader")])))
            #expect(answers.restRead.0 == .ok && answers.rpcRead.0 == nil)
            #expect(answers.restWrite.0 == .forbidden && answers.rpcWrite.0 == -32003)
            #expect(answers.restWrite.2 == "this caller may not write logs: writing needs the writer or admin role")
        }
    }

    @Test("a token with no groups (no claim, or an empty list) reads and writes by default")
    func ungroupedDefault() async throws {
        try await withService { client, _, pool in
            for groups: JSONValue? in [nil, .array([])] {
                let answers = try await Answers(client, token: try await idToken(pool, groups: groups))
                #expect(answers.allAllowed, "groups \(String(describing: groups))")
            }
        }
    }

    @Test("with auth.ungrouped_roles empty, a token with no groups gets no access")
    func ungroupedOff() async throws {
        try await withService({ $0.auth.ungroupedRoles = [] }) { client, token, pool in
            for groups: JSONValue? in [nil, .array([])] {
                let answers = try await Answers(client, token: try await idToken(pool, groups: groups))
                #expect(answers.allForbidden(naming: "the token has no groups (cognito:groups) and auth.ungrouped_roles does not grant it"))
            }
            #expect(try await Answers(client, token: token).allAllowed, "the admin group still grants everything")
        }
    }
}
