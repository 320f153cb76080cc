/// The request and response bodies of the Cognito operations the local pool speaks, with
/// Cognito's own field names. Fields are optional so a missing one gets Cognito's error.
enum CognitoMessages {
    struct InitiateAuth: Decodable {
        let AuthFlow: String?
        let ClientId: String?
        let AuthParameters: [String: String]?
    }

    struct RespondToAuthChallenge: Decodable {
        let ChallengeName: String?
        let ClientId: String?
        let Session: String?
        let ChallengeResponses: [String: String]?
    }

    struct GlobalSignOut: Decodable {
        let AccessToken: String?
    }

    struct ChangePassword: Decodable {
        let AccessToken: String?
        let PreviousPassword: String?
        let ProposedPassword: String?
    }

    struct Authenticated: Encodable {
        let AuthenticationResult: AuthenticationResult
        let ChallengeParameters: [String: String] = [:]
    }

    struct Challenge: Encodable {
        let ChallengeName: String
        let ChallengeParameters: [String: String]
        let Session: String
    }

    struct Empty: Encodable {}
}
