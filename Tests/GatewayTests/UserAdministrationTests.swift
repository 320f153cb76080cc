@testable import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import Testing

private func users(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String = "", credential: String?,
                   body: String? = nil) async throws -> TestResponse {
    try await client.execute(uri: "/admin/users" + path, method: method,
                             headers: headers(credential, contentType: body == nil ? nil : "application/json"),
                             body: body.map { ByteBuffer(string: $0) })
}

/// Cognito's `InitiateAuth` with a username and password, as a sign-in page sends it.
private func signIn(_ client: any TestClientProtocol, _ pool: UserPool, _ username: String, _ password: String) async throws -> [String: Any] {
    let body = #"{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "\#(pool.clientID)", "AuthParameters": {"USERNAME": "\#(username)", "PASSWORD": "\#(password)"}}"#
    let response = try await client.execute(uri: "/", method: .post,
                                            headers: [.contentType: "application/x-amz-json-1.1",
                                                      HTTPField.Name("X-Amz-Target")!: "AWSCognitoIdentityProviderService.InitiateAuth"],
                                            body: ByteBuffer(string: body))
    return try json(response.body)
}

private func write(_ client: any TestClientProtocol, _ token: String) async throws -> HTTPResponse.Status {
    try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                             body: ByteBuffer(string: #"{"severity": "info", "message": "m"}"#)).status
}

@Suite("Users over HTTP, for a tenant's administrators")
struct UserAdministrationTests {
    @Test("an admin creates a user of its tenant; the temporary password is shown once and must be changed at the first sign-in")
    func createAndList() async throws {
        try await withService { client, adminToken, pool in
            let created = try await users(client, .post, credential: adminToken, body: #"{"username": "alice", "groups": ["reader"]}"#)
            #expect(created.status == .created)
            #expect(created.headers[.cacheControl] == "no-store")
            let alice = try json(created.body)
            let password = try #require(alice["temporary_password"] as? String)
            #expect(alice["tenant"] as? String == "default" && alice["groups"] as? [String] == ["reader"])
            #expect(alice["status"] as? String == "FORCE_CHANGE_PASSWORD" && alice["enabled"] as? Bool == true)
            #expect(try await signIn(client, pool, "alice", password)["ChallengeName"] as? String == "NEW_PASSWORD_REQUIRED")

            let listed = try await users(client, .get, credential: adminToken)
            #expect(listed.status == .ok)
            #expect(!String(buffer: listed.body).contains(password), "a list never shows a password")
            #expect(!String(buffer: listed.body).contains("password"))
            let names = try #require(try json(listed.body)["users"] as? [[String: Any]]).compactMap { $0["username"] as? String }
            #expect(names == ["admin", "alice"])
            let taken = try await users(client, .post, credential: adminToken, body: #"{"username": "alice"}"#)
            #expect(taken.status == .conflict)
        }
    }

    @Test("disabling a user ends its sessions and its sign-in; enabling lets it sign in; a reset makes a new temporary password")
    func disableEnableReset() async throws {
        try await withService { client, adminToken, pool in
            _ = try await pool.createUser("bob", tenant: "default", groups: ["writer"])
            let bobToken = try await pool.idToken(for: "bob")
            #expect(try await write(client, bobToken) == .created)

            let disabled = try await users(client, .post, "/bob/disable", credential: adminToken)
            #expect(disabled.status == .ok)
            #expect(try json(disabled.body)["enabled"] as? Bool == false)
            #expect(try await write(client, bobToken) == .unauthorized, "its token is refused at once")

            #expect(try await users(client, .post, "/bob/enable", credential: adminToken).status == .ok)
            let reset = try await users(client, .post, "/bob/reset-password", credential: adminToken)
            #expect(reset.status == .ok)
            let password = try #require(try json(reset.body)["temporary_password"] as? String)
            #expect(try json(reset.body)["status"] as? String == "FORCE_CHANGE_PASSWORD")
            #expect(try await signIn(client, pool, "bob", password)["ChallengeName"] as? String == "NEW_PASSWORD_REQUIRED")
        }
    }

    @Test("only the admin role, only its own tenant: another tenant's user is 404 and never listed; an admin cannot disable itself")
    func tenantScopedAndAdminOnly() async throws {
        try await withService { client, adminToken, pool in
            _ = try await pool.createUser("carol", tenant: "acme", groups: ["admin"])
            _ = try await pool.createUser("dave", tenant: "default", groups: ["writer"])
            let carol = try await pool.idToken(for: "carol")
            let dave = try await pool.idToken(for: "dave")
            let listed = try await users(client, .get, credential: carol)
            let names = try #require(try json(listed.body)["users"] as? [[String: Any]]).compactMap { $0["username"] as? String }
            #expect(names == ["carol"])
            for action in ["disable", "enable", "reset-password"] {
                let foreign = try await users(client, .post, "/dave/\(action)", credential: carol)
                #expect(foreign.status == .notFound, "\(action)")
                let missing = try await users(client, .post, "/nobody/\(action)", credential: carol)
                #expect(try errorCode(missing.body) == "not_found")
                #expect(String(buffer: foreign.body) == String(buffer: missing.body), "another tenant's user is as unknown")
                let hostile = try await users(client, .post, "/%1B%5B2J%0Aforged/\(action)", credential: carol)
                #expect(hostile.status == .notFound)
                #expect(!String(buffer: hostile.body).contains("forged"), "an error never echoes the path's bytes")
            }
            #expect(try await write(client, dave) == .created, "dave was not touched")
            for (method, path) in [(HTTPRequest.Method.get, ""), (.post, ""), (.post, "/carol/disable")] {
                #expect(try await users(client, method, path, credential: dave, body: method == .post ? "{}" : nil).status == .forbidden)
            }
            #expect(try await users(client, .get, credential: nil).status == .unauthorized)
            let itself = try await users(client, .post, "/admin/disable", credential: adminToken)
            #expect(itself.status == .conflict)
        }
    }

    @Test("a creation body outside the rules is 400 naming the rule", arguments: [
        #"{"username": "eve", "role": "admin"}"#, #"{"username": "eve", "groups": ["root"]}"#, #"{"groups": []}"#,
        #"{"username": "e v e"}"#, #"{"username": 7}"#, #"[]"#,
    ])
    func badBodies(_ body: String) async throws {
        try await withService { client, adminToken, _ in
            let refused = try await users(client, .post, credential: adminToken, body: body)
            #expect(refused.status == .badRequest, "\(body)")
            #expect(try errorCode(refused.body) == "invalid_request")
            let names = try #require(try json(try await users(client, .get, credential: adminToken).body)["users"] as? [[String: Any]])
            #expect(names.count == 1, "nothing was created")
        }
    }
}
