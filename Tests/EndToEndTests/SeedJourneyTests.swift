import Foundation
import TestSupport
import Testing

/// The login journey of the README's walk-through, run by bash with the real aws CLI and curl against the
/// binary: log in with the temporary password from `initial-credentials.json` (`aws cognito-idp
/// initiate-auth`), set a new password (`respond-to-auth-challenge`, `NEW_PASSWORD_REQUIRED`), log in again
/// for an ID token, then store an entry (`curl -X POST /logs`) and read the recent entries back
/// (`curl -X GET /logs`). The commands are written as a user of Amazon Cognito types them against AWS; the
/// only changes are `--endpoint-url "$API_URL"` on each aws command and a new password that meets
/// Cognito's default policy.
private let seedSteps = #"""
set -euo pipefail
# Start authentication (will require password change)
AUTH=$(aws cognito-idp initiate-auth --endpoint-url "$API_URL" \
--auth-flow USER_PASSWORD_AUTH \
--client-id $COGNITO_CLIENT_ID \
--auth-parameters USERNAME=$USERNAME,PASSWORD=$INITIAL_PASSWORD)

# Extract session token
SESSION=$(echo $AUTH | jq -r .Session)

# Set new password
aws cognito-idp respond-to-auth-challenge --endpoint-url "$API_URL" \
 --client-id $COGNITO_CLIENT_ID \
--challenge-name NEW_PASSWORD_REQUIRED \
--session "$SESSION" \
--challenge-responses USERNAME=$USERNAME,NEW_PASSWORD=YourNewSecurePassword1! > /dev/null

# Authenticate with new password
AUTH=$(aws cognito-idp initiate-auth --endpoint-url "$API_URL" \
--auth-flow USER_PASSWORD_AUTH \
--client-id $COGNITO_CLIENT_ID \
--auth-parameters USERNAME=$USERNAME,PASSWORD=YourNewSecurePassword1!)
ID_TOKEN=$(echo $AUTH | jq -r .AuthenticationResult.IdToken)

# Store a Log Entry
curl -sS -X POST "$API_URL/logs" \
-H "Authorization: $ID_TOKEN" \
-H "Content-Type: application/json" \
-d '{"severity": "info", "message": "Test log entry"}'
echo

# Retrieve Logs
curl -sS -X GET "$API_URL/logs" \
-H "Authorization: $ID_TOKEN"
echo
"""#

@Suite("Logging in with the aws CLI, then storing and reading logs with curl", .serialized)
struct SeedJourneyTests {
    @Test("aws cognito-idp logs in with the initial credentials, sets a password, and the ID token stores and reads logs")
    func seedLoginJourney() async throws {
        let server = try await RunningServer.start()
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(
            fileURLWithPath: server.dataDir + "/initial-credentials.json"))) as? [String: String])
        let home = try Scratch.directory("logsvc-e2e-home")
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            "AWS_DEFAULT_REGION": "us-east-1", "API_URL": "http://127.0.0.1:\(server.port)",
            "COGNITO_CLIENT_ID": try #require(credentials["client_id"]), "USERNAME": try #require(credentials["username"]),
            "INITIAL_PASSWORD": try #require(credentials["temporary_password"]),
        ]
        let result = try await Command.run("/bin/bash", ["-c", seedSteps], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let stored = try #require(lines.first { $0.contains("\"id\"") })
        #expect(stored.contains("\"timestamp\""))
        let listed = try #require(lines.last)
        #expect(listed.contains(#""message":"Test log entry""#), "\(result.output)")
        #expect(listed.contains(#""nextCursor":null"#))
        try await server.stop()
    }

    @Test("the aws CLI sees Cognito's errors: a wrong password is NotAuthorizedException")
    func awsCLIErrors() async throws {
        let server = try await RunningServer.start()
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(
            fileURLWithPath: server.dataDir + "/initial-credentials.json"))) as? [String: String])
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "HOME": try Scratch.directory("logsvc-e2e-home"), "AWS_DEFAULT_REGION": "us-east-1"]
        let result = try await Command.run("/bin/bash", ["-c", """
            aws cognito-idp initiate-auth --endpoint-url http://127.0.0.1:\(server.port) --auth-flow USER_PASSWORD_AUTH \
              --client-id \(try #require(credentials["client_id"])) --auth-parameters USERNAME=admin,PASSWORD=Wr0ng-password
            """], environment: environment)
        #expect(result.status != 0)
        #expect(result.output.contains("NotAuthorizedException"), "\(result.output)")
        #expect(result.output.contains("Incorrect username or password."))
        try await server.stop()
    }
}
