import Foundation
import TestSupport
import Testing

/// The table and KMS key on moto that the functions of one test share, as Terraform would set them up.
private struct Deployment {
    let endpoint: String
    let table: String
    let keyID: String

    static func create() async throws -> Deployment {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"],
                                    "MOTO_ENDPOINT is not set: run scripts/test, which starts moto server")
        let table = "lambda-\(UUID().uuidString.prefix(8))"
        let config = try Scratch.directory("logsvc-lambda") + "/table.yaml"
        try "storage: {dynamodb: {table: \(table), endpoint: \"\(endpoint)\"}}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let created = try await Command.run(RunningServer.binary, ["storage", "create-table", "--config", config],
                                            environment: awsEnvironment())
        try #require(created.status == 0, "create-table failed: \(created.output)")
        return Deployment(endpoint: endpoint, table: table, keyID: try await createKMSKey(endpoint))
    }

    /// The environment Terraform gives a function, pointed at moto.
    func environment(runtime: RuntimeAPIStandIn, profile: String, _ extra: [String: String] = [:]) throws -> [String: String] {
        var environment = awsEnvironment()
        environment.merge([
            "AWS_LAMBDA_RUNTIME_API": runtime.address, "LOGSVC_PROFILE": profile,
            "LOGSVC_CONFIG_DIR": LambdaProcess.repository + "/config", "LOGSVC_DATA_DIR": try Scratch.directory("logsvc-lambda-tmp"),
            "AWS_REGION": "us-east-1", "LOGSVC_TABLE": table, "LOGSVC_AWS_ENDPOINT": endpoint, "LOGSVC_KMS_KEY_ID": keyID,
            "LOGSVC_COGNITO_ISSUER": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
            "LOGSVC_COGNITO_JWKS_URL": "\(endpoint)/us-east-1_Example/.well-known/jwks.json",
            "LOGSVC_COGNITO_CLIENT_ID": "5sr4b8kfslg8m8q3bnnpb0qh3f",
            "LOGSVC_CURSOR_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        ]) { $1 }
        environment.merge(extra) { $1 }
        return environment
    }

    /// The admin CLI's configuration for this deployment: no local pool, so API keys live in the table, their hash
    /// key sealed by the KMS key.
    func cliConfig() throws -> String {
        let path = try Scratch.directory("logsvc-lambda-cli") + "/aws.yaml"
        try """
            auth: {local_pool: false}
            storage: {backend: dynamodb, dynamodb: {table: \(table), region: us-east-1, endpoint: "\(endpoint)"}}
            crypto: {keyring: aws_kms, aws_kms: {key_id: "\(keyID)", region: us-east-1, endpoint: "\(endpoint)"}}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `logsvc api-keys ARGUMENTS --config` this deployment's CLI configuration; its output, which must be a success.
    func apiKeys(_ arguments: [String]) async throws -> String {
        let result = try await Command.run(RunningServer.binary, ["api-keys"] + arguments + ["--config", try cliConfig()],
                                           environment: awsEnvironment())
        try #require(result.status == 0, "api-keys \(arguments) failed: \(result.output)")
        return result.output
    }
}

/// The real `bootstrap` binary as a child process.
enum LambdaProcess {
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `$LOGSVC_BOOTSTRAP`, or the debug build in this checkout.
    static var binary: String {
        ProcessInfo.processInfo.environment["LOGSVC_BOOTSTRAP"] ?? repository + "/.build/debug/bootstrap"
    }

    static func start(_ environment: [String: String]) throws -> Process {
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "build the function first: swift build --product bootstrap (scripts/test does)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.environment = environment
        let log = try Scratch.directory("logsvc-lambda-log") + "/function.log"
        try #require(FileManager.default.createFile(atPath: log, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }
}

/// What API Gateway gets back from one invocation: the function's response document.
private struct GatewayAnswer {
    let statusCode: Int
    let headers: [String: String]
    let body: [String: Any]

    init(_ outcome: RuntimeAPIStandIn.Outcome) throws {
        try #require(!outcome.isError, "the invocation failed: \(String(decoding: outcome.body, as: UTF8.self))")
        let document = outcome.json
        statusCode = try #require(document["statusCode"] as? Int)
        headers = document["headers"] as? [String: String] ?? [:]
        #expect(document["isBase64Encoded"] as? Bool == false)
        let text = try #require(document["body"] as? String)
        body = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var messages: [String?] { (body["logs"] as? [[String: Any]] ?? []).map { $0["message"] as? String } }
    var errorCode: String? { (body["error"] as? [String: Any])?["code"] as? String }
}

@Suite("The Lambda functions (bootstrap), driven through a Runtime API stand-in, on DynamoDB and KMS (moto)", .serialized)
struct LambdaFunctionTests {
    static let writer = APIGatewayEvents.claims(user: "carol", tenant: "acme", groups: "writer")
    static let reader = APIGatewayEvents.claims(user: "dave", tenant: "acme", groups: "[reader]")
    static let outsider = APIGatewayEvents.claims(user: "erin", tenant: "globex", groups: "[reader writer]")

    @Test("the ingest function stores REST API events (base64 bodies too); the query function reads them back over the HTTP API")
    func ingestThenQuery() async throws {
        let deployment = try await Deployment.create()
        try await RuntimeAPIStandIn.run { runtime in
            let ingest = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-ingest"))
            defer { ingest.terminate() }
            let batch = #"{"entries": [{"severity": "info", "message": "first"}, {"severity": "error", "message": "second"}]}"#
            let stored = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/logs", headers: ["Content-Type": "application/json"], body: batch, claims: Self.writer)))
            #expect(stored.statusCode == 201)
            #expect(stored.body["count"] as? Int == 2)
            #expect(stored.headers["Content-Type"]?.hasPrefix("application/json") == true)
            let encoded = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/logs", headers: ["Content-Type": "application/json"],
                body: #"{"severity": "warning", "message": "third, sent base64"}"#, base64: true, claims: Self.writer)))
            #expect(encoded.statusCode == 201)
            let readerWrites = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/logs", headers: ["Content-Type": "application/json"], body: #"{"severity": "info", "message": "no"}"#,
                claims: Self.reader)))
            #expect(readerWrites.statusCode == 403 && readerWrites.errorCode == "forbidden")
        }
        try await RuntimeAPIStandIn.run { runtime in
            let query = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-query"))
            defer { query.terminate() }
            let page = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http("GET", "/logs", claims: Self.reader)))
            #expect(page.statusCode == 200)
            #expect(page.messages == ["third, sent base64", "second", "first"])
            let filtered = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "GET", "/logs", rawQuery: "severity=error&limit=5", claims: Self.reader)))
            #expect(filtered.messages == ["second"])
            let restPage = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "GET", "/logs", query: ["limit": ["1"]], claims: Self.reader)))
            #expect(restPage.messages == ["third, sent base64"])
            let other = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http("GET", "/logs", claims: Self.outsider)))
            #expect(other.statusCode == 200 && other.messages.isEmpty, "another tenant sees nothing")
            let anonymous = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http("GET", "/logs")))
            #expect(anonymous.statusCode == 401)
        }
    }

    @Test("the ingest function takes a shipper's gzip-compressed NDJSON batch from the HTTP API, as the single binary does")
    func gzipNDJSON() async throws {
        let deployment = try await Deployment.create()
        let lines = "{\"severity\": \"info\", \"message\": \"shipped one\"}\n{\"severity\": \"error\", \"message\": \"shipped two\"}\n"
        let body = try await gzipped(Data(lines.utf8))
        try await RuntimeAPIStandIn.run { runtime in
            let ingest = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-ingest"))
            defer { ingest.terminate() }
            let stored = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "POST", "/logs", headers: ["content-type": "application/x-ndjson", "content-encoding": "gzip"], binary: body,
                claims: Self.writer)))
            #expect(stored.statusCode == 201)
            #expect(stored.body["count"] as? Int == 2)
            let bomb = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "POST", "/logs", headers: ["content-type": "application/json", "content-encoding": "gzip"],
                binary: try await gzipped(Data(count: 20_000_000)), claims: Self.writer)))
            #expect(bomb.statusCode == 413)
        }
        try await RuntimeAPIStandIn.run { runtime in
            let query = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-query"))
            defer { query.terminate() }
            let page = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http("GET", "/logs", claims: Self.reader)))
            #expect(page.messages == ["shipped two", "shipped one"])
        }
    }

    @Test("the ingest function takes an OTLP export through the REST API, which passes every body as base64 (binary_media_types */*)")
    func otlpExport() async throws {
        let deployment = try await Deployment.create()
        let export = #"{"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "checkout"}}]},"#
            + #" "scopeLogs": [{"logRecords": [{"severityNumber": 17, "body": {"stringValue": "over OTLP"}}, {"severityNumber": 9}]}]}]}"#
        let body = try await gzipped(Data(export.utf8))
        try await RuntimeAPIStandIn.run { runtime in
            let ingest = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-ingest"))
            defer { ingest.terminate() }
            let stored = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/v1/logs", headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"], binary: body,
                claims: Self.writer)))
            #expect(stored.statusCode == 200, "\(stored.body)")
            let partial = stored.body["partialSuccess"] as? [String: Any]
            #expect(partial?["rejectedLogRecords"] as? String == "1")
            #expect((partial?["errorMessage"] as? String)?.contains("logRecords[1]: body is empty") == true)
        }
        try await RuntimeAPIStandIn.run { runtime in
            let query = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-query"))
            defer { query.terminate() }
            let page = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http("GET", "/logs", claims: Self.reader)))
            #expect(page.messages == ["over OTLP"])
            let entry = (page.body["logs"] as? [[String: Any]])?.first
            #expect(entry?["severity"] as? String == "error")
            #expect((entry?["resource"] as? [String: Any])?["service.name"] as? String == "checkout")
        }
    }

    @Test("""
        API keys in the AWS shape: made by the CLI in the table, verified by the functions on routes outside the \
        authorizer, administered over /admin/api-keys, refused within 5 s of a revocation by another process
        """)
    func apiKeysInTheTable() async throws {
        let deployment = try await Deployment.create()
        let made = try await deployment.apiKeys(["create", "--tenant", "acme", "--role", "admin", "--name", "ops"])
        let admin = try #require(made.split(separator: "\n").first { $0.hasPrefix("key: ") }).dropFirst(5)
        let json = ["content-type": "application/json"]
        let (writer, writerID) = try await RuntimeAPIStandIn.run { runtime in
            let rpc = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-rpc"))
            defer { rpc.terminate() }
            let created = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "POST", "/admin/api-keys", headers: json.merging(["authorization": "Bearer \(admin)"]) { $1 },
                body: #"{"name": "shipper", "role": "writer"}"#)))
            #expect(created.statusCode == 201, "\(created.body)")
            let writer = try #require(created.body["key"] as? String)
            let writerID = try #require(created.body["id"] as? String)
            let listed = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "GET", "/admin/api-keys", headers: ["authorization": "Bearer \(admin)"])))
            let names = (listed.body["api_keys"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["ops", "shipper"])
            let forged = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "GET", "/admin/api-keys", headers: ["authorization": "Bearer \(admin.dropLast(2))AA"])))
            #expect(forged.statusCode == 401)
            return (writer, writerID)
        }
        let cliList = try await deployment.apiKeys(["list"])
        #expect(cliList.contains(writerID) && cliList.contains("acme\twriter"), "\(cliList)")

        try await RuntimeAPIStandIn.run { runtime in
            let ingest = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-ingest"))
            defer { ingest.terminate() }
            func post(_ message: String) async throws -> GatewayAnswer {
                try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                    "POST", "/logs", headers: ["Content-Type": "application/json", "Authorization": "Bearer \(writer)"],
                    body: #"{"severity": "info", "message": "\#(message)"}"#)))
            }
            #expect(try await post("by key").statusCode == 201, "a route outside the authorizer takes the key")
            let export = #"{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": {"stringValue": "OTLP by key"}}]}]}]}"#
            let otlp = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/v1/logs", headers: ["Content-Type": "application/json", "Authorization": writer], body: export, base64: true)))
            #expect(otlp.statusCode == 200 && otlp.body["partialSuccess"] == nil, "OTLP with a bare key: \(otlp.body)")
            _ = try await deployment.apiKeys(["revoke", writerID])
            let revoked = ContinuousClock.now
            var answer = try await post("after revocation")
            while answer.statusCode == 201, ContinuousClock.now - revoked < .seconds(10) {
                try await Task.sleep(for: .milliseconds(100))
                answer = try await post("after revocation")
            }
            let refusedAfter = ContinuousClock.now - revoked
            #expect(answer.statusCode == 401 && answer.errorCode == "unauthenticated")
            #expect(refusedAfter < .seconds(5), "refused \(refusedAfter) after the CLI revoked it")
        }

        let scan = try await Command.run("/usr/bin/env", ["aws", "--endpoint-url", deployment.endpoint, "dynamodb", "scan",
                                                          "--table-name", deployment.table], environment: awsEnvironment())
        try #require(scan.status == 0, "\(scan.output)")
        #expect(scan.output.contains("#apikeys"), "the keys are items of the log table")
        for key in [String(admin), writer] {
            let secret = key.dropFirst("lsk_".count + 17)
            #expect(secret.count == 43 && !scan.output.contains(secret), "the table holds no key's secret")
        }
    }

    @Test("the rpc function serves JSON-RPC batches; a non-API Gateway event is an invocation error, not a crash")
    func rpcFunction() async throws {
        let deployment = try await Deployment.create()
        try await RuntimeAPIStandIn.run { runtime in
            let rpc = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-rpc"))
            defer { rpc.terminate() }
            let calls = #"[{"jsonrpc": "2.0", "id": 1, "method": "logs.put", "params": {"severity": "info", "message": "over rpc"}},"#
                + #" {"jsonrpc": "2.0", "id": 2, "method": "logs.query", "params": {"limit": 10}}]"#
            _ = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "POST", "/rpc", headers: ["content-type": "application/json"], body: calls, claims: Self.outsider)))
            let read = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "POST", "/rpc", headers: ["content-type": "application/json"],
                body: #"{"jsonrpc": "2.0", "id": 3, "method": "logs.query", "params": {}}"#, claims: Self.outsider)))
            #expect(read.statusCode == 200)
            let logs = ((read.body["result"] as? [String: Any])?["logs"] as? [[String: Any]])?.compactMap { $0["message"] as? String }
            #expect(logs == ["over rpc"])
            let bad = await runtime.invoke(#"{"detail-type": "Scheduled Event", "source": "aws.events"}"#)
            #expect(bad.isError && bad.errorType == "InvalidEvent")
            let after = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.http(
                "POST", "/rpc", headers: ["content-type": "application/json"],
                body: #"{"jsonrpc": "2.0", "id": 4, "method": "logs.query", "params": {}}"#, claims: Self.outsider)))
            #expect(after.statusCode == 200, "the function keeps serving")
        }
    }

    @Test("with verify_jwt the function checks the token itself: a Cognito ID token passes, a forged one is 401")
    func verifiesTokens() async throws {
        let deployment = try await Deployment.create()
        let pool = try await MotoUserPool()
        let user = try await pool.user("frank", tenant: "acme", groups: ["writer"])
        let token = try #require(user["IdToken"] as? String)
        try await RuntimeAPIStandIn.run { runtime in
            let ingest = try LambdaProcess.start(try deployment.environment(runtime: runtime, profile: "lambda-ingest", [
                "LOGSVC_VERIFY_JWT": "true", "LOGSVC_COGNITO_ISSUER": pool.issuer, "LOGSVC_COGNITO_JWKS_URL": pool.jwksURL,
                "LOGSVC_COGNITO_CLIENT_ID": pool.clientID,
            ]))
            defer { ingest.terminate() }
            let body = #"{"severity": "info", "message": "checked twice"}"#
            let accepted = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/logs", headers: ["Content-Type": "application/json", "Authorization": token], body: body, claims: Self.writer)))
            #expect(accepted.statusCode == 201)
            var forged = Array(token.utf8)
            forged[forged.count - 5] = forged[forged.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let refused = try GatewayAnswer(await runtime.invoke(APIGatewayEvents.rest(
                "POST", "/logs", headers: ["Content-Type": "application/json", "Authorization": String(decoding: forged, as: UTF8.self)],
                body: body, claims: Self.writer)))
            #expect(refused.statusCode == 401, "the claims alone are not trusted when verify_jwt is on")
        }
    }

    @Test("a missing setting is reported to the Runtime API as an init error, and the process exits")
    func initError() async throws {
        let deployment = try await Deployment.create()
        try await RuntimeAPIStandIn.run { runtime in
            var environment = try deployment.environment(runtime: runtime, profile: "lambda-ingest")
            environment["LOGSVC_TABLE"] = nil
            let process = try LambdaProcess.start(environment)
            for _ in 0..<400 where process.isRunning { try await Task.sleep(for: .milliseconds(25)) }
            #expect(!process.isRunning && process.terminationStatus != 0)
            let report = try #require(runtime.initError)
            #expect(report.errorType == "Runtime.InitError")
            #expect((report.json["errorMessage"] as? String)?.contains("LOGSVC_TABLE") == true)
        }
    }
}
