import AWS
import Testing

@Suite("AWSCredentials")
struct AWSCredentialsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "AQoDYXdzEPT//////////wEXAMPLEtoken"

    @Test("reads the key pair from the environment, without a session token")
    func keyPairFromEnvironment() throws {
        let credentials = try #require(AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": Self.secret, "HOME": "/root",
        ]))
        #expect(credentials.accessKeyID == "AKIDEXAMPLE")
        #expect(credentials.secretAccessKey == Self.secret)
        #expect(credentials.sessionToken == nil)
    }

    @Test("reads the session token of temporary credentials")
    func sessionTokenFromEnvironment() throws {
        let credentials = try #require(AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": Self.token,
        ]))
        #expect(credentials.sessionToken == Self.token)
    }

    @Test("an empty session token counts as none")
    func emptySessionToken() throws {
        let credentials = try #require(AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": "",
        ]))
        #expect(credentials.sessionToken == nil)
    }

    @Test("a missing or empty key gives no credentials", arguments: [
        ["AWS_SECRET_ACCESS_KEY": secret],
        ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE"],
        ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": secret],
        ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": ""],
        ["AWS_SESSION_TOKEN": token],
        [:],
    ])
    func incompleteEnvironment(environment: [String: String]) {
        #expect(AWSCredentials.fromEnvironment(environment) == nil)
    }

    @Test("description, debugDescription and dump never show the secret or the token")
    func redaction() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret,
                                         sessionToken: Self.token)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(describing: credentials), String(reflecting: credentials), dumped] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains(Self.token))
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(text.contains("<redacted>"))
        }
    }

    @Test("the description says when there is no session token")
    func descriptionWithoutToken() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret)
        #expect(credentials.description
            == "AWSCredentials(accessKeyID: AKIDEXAMPLE, secretAccessKey: <redacted>, sessionToken: none)")
    }
}
