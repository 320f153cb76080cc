import Foundation
import TestSupport
import Testing

/// A user pool on moto server (the stand-in for Amazon Cognito), driven with the real aws CLI.
struct MotoUserPool {
    let endpoint: String
    let poolID: String
    let clientID: String

    static var endpoint: String {
        get throws {
            try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"],
                         "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
        }
    }

    init() async throws {
        endpoint = try MotoUserPool.endpoint
        let pool = try await MotoUserPool.aws(endpoint, ["create-user-pool", "--pool-name", "logs",
                                                   "--schema", "Name=tenant,AttributeDataType=String,Mutable=true"])
        poolID = try #require((pool["UserPool"] as? [String: Any])?["Id"] as? String)
        clientID = try await MotoUserPool.createClient(endpoint, poolID)
        for group in ["writer", "reader"] {
            _ = try await MotoUserPool.aws(endpoint, ["create-group", "--user-pool-id", poolID, "--group-name", group])
        }
    }

    var issuer: String { "https://cognito-idp.us-east-1.amazonaws.com/\(poolID)" }
    var jwksURL: String { "\(endpoint)/\(poolID)/.well-known/jwks.json" }

    static func createClient(_ endpoint: String, _ poolID: String) async throws -> String {
        let client = try await aws(endpoint, ["create-user-pool-client", "--user-pool-id", poolID, "--client-name", "app",
                                        "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        return try #require((client["UserPoolClient"] as? [String: Any])?["ClientId"] as? String)
    }

    /// Creates a confirmed user and logs it in; returns its AuthenticationResult.
    func user(_ name: String, tenant: String?, groups: [String], clientID: String? = nil) async throws -> [String: Any] {
        var attributes: [String] = []
        if let tenant { attributes = ["--user-attributes", "Name=custom:tenant,Value=\(tenant)"] }
        _ = try await MotoUserPool.aws(endpoint, ["admin-create-user", "--user-pool-id", poolID, "--username", name] + attributes)
        _ = try await MotoUserPool.aws(endpoint, ["admin-set-user-password", "--user-pool-id", poolID, "--username", name,
                                            "--password", "Passw0rd!x", "--permanent"])
        for group in groups {
            _ = try await MotoUserPool.aws(endpoint, ["admin-add-user-to-group", "--user-pool-id", poolID, "--username", name,
                                                "--group-name", group])
        }
        let auth = try await MotoUserPool.aws(endpoint, ["initiate-auth", "--client-id", clientID ?? self.clientID,
                                                   "--auth-flow", "USER_PASSWORD_AUTH",
                                                   "--auth-parameters", "USERNAME=\(name),PASSWORD=Passw0rd!x"])
        return try #require(auth["AuthenticationResult"] as? [String: Any])
    }

    @discardableResult
    static func aws(_ endpoint: String, _ arguments: [String]) async throws -> [String: Any] {
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "HOME": NSTemporaryDirectory(), "AWS_DEFAULT_REGION": "us-east-1",
                           "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"]
        let result = try await Command.run("/usr/bin/env", ["aws", "--endpoint-url", endpoint, "cognito-idp"] + arguments,
                                     environment: environment)
        try #require(result.status == 0, "aws cognito-idp \(arguments.first ?? "") failed: \(result.output)")
        let output = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !output.isEmpty else { return [:] }
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }
}

/// A config file trusting `pool` as an external issuer.
private func configTrusting(_ pool: MotoUserPool) throws -> String {
    let path = try Scratch.directory("logsvc-e2e-issuers") + "/logsvc.yaml"
    try """
        auth:
          issuers:
            - issuer: \(pool.issuer)
              jwks_url: \(pool.jwksURL)
              client_ids: [\(pool.clientID)]
        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("External identity providers (moto's Cognito)", .serialized)
struct ExternalIssuerTests {
    @Test("accepts a moto Cognito pool's ID tokens through auth.issuers, with their tenant and groups")
    func motoTokens() async throws {
        let moto = try await MotoUserPool()
        let server = try await RunningServer.start(arguments: ["--config", try configTrusting(moto)])
        let writer = try await moto.user("carol", tenant: "acme", groups: ["writer"])
        let reader = try await moto.user("dave", tenant: "acme", groups: ["reader"])
        let outsider = try await moto.user("erin", tenant: "globex", groups: [])
        let writerID = try #require(writer["IdToken"] as? String)
        let stored = try await server.request("POST", "/logs", token: writerID,
                                              body: #"{"severity": "info", "message": "from Amazon Cognito"}"#)
        #expect(stored.status == 201)
        let writerAccess = try #require(writer["AccessToken"] as? String)
        let noTenant = try await server.request("POST", "/logs", token: "Bearer " + writerAccess,
                                                body: #"{"severity": "info", "message": "access token without tenant"}"#)
        #expect(noTenant.status == 401, "Cognito access tokens carry no custom:tenant, so they cannot pick a tenant")
        let forbidden = try await server.request("GET", "/logs", token: writerID)
        #expect(forbidden.status == 403)
        #expect(forbidden.errorCode == "forbidden")
        let read = try await server.request("GET", "/logs", token: try #require(reader["IdToken"] as? String))
        #expect(read.messages == ["from Amazon Cognito"])
        let readerWrites = try await server.request("POST", "/logs", token: try #require(reader["IdToken"] as? String),
                                                    body: #"{"severity": "info", "message": "reader writing"}"#)
        #expect(readerWrites.status == 403)
        let other = try await server.request("GET", "/logs", token: try #require(outsider["IdToken"] as? String))
        #expect(other.status == 200)
        #expect(other.messages.isEmpty, "another tenant sees nothing")
        try await server.stop()
    }

    @Test("rejects tokens of a client or a pool that is not configured")
    func untrustedClientsAndPools() async throws {
        let moto = try await MotoUserPool()
        let otherClient = try await MotoUserPool.createClient(moto.endpoint, moto.poolID)
        let otherPool = try await MotoUserPool()
        let server = try await RunningServer.start(arguments: ["--config", try configTrusting(moto)])
        let wrongClient = try await moto.user("frank", tenant: "acme", groups: [], clientID: otherClient)
        let wrongPool = try await otherPool.user("grace", tenant: "acme", groups: [])
        for token in [wrongClient["IdToken"], wrongClient["AccessToken"], wrongPool["IdToken"]] {
            let response = try await server.request("POST", "/logs", token: try #require(token as? String),
                                                    body: #"{"severity": "info", "message": "must not be stored"}"#)
            #expect(response.status == 401)
        }
        let admin = try await server.token()
        #expect(try await server.request("GET", "/logs", token: admin).messages.isEmpty)
        try await server.stop()
    }
}
