/// An external identity provider whose tokens are accepted (`auth.issuers[]`): an Amazon Cognito
/// user pool or any OIDC issuer publishing a JWKS.
public struct IssuerSettings: Sendable, Codable, Equatable {
    /// The exact `iss` of its tokens, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC`.
    public var issuer: String
    /// Where its public keys are, e.g. `<issuer>/.well-known/jwks.json`.
    public var jwksURL: String
    /// The app clients whose tokens are accepted: `aud` of ID tokens, `client_id` of access tokens.
    public var clientIDs: [String]

    public init(issuer: String, jwksURL: String, clientIDs: [String]) {
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.clientIDs = clientIDs
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURL = "jwks_url"
        case clientIDs = "client_ids"
    }
}
