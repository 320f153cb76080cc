/// A token as presented in the `Authorization` header, without any `Bearer ` prefix, and the
/// kinds of token the route it came to accepts.
public struct Credential: Sendable {
    public let token: String
    public let accepting: Set<TokenUse>

    public init(token: String, accepting: Set<TokenUse> = [.id, .access]) {
        self.token = token
        self.accepting = accepting
    }
}

/// What a token is for: Cognito's `token_use`.
public enum TokenUse: String, Sendable, Hashable {
    case id, access
}

/// Asks Auth for its published keys; with a pool id, only if it is this service's pool.
public struct KeySetRequest: Sendable {
    public let userPoolID: String?

    public init(userPoolID: String? = nil) { self.userPoolID = userPoolID }
}

/// Asks Auth for its local user pool's app client, which a sign-in page needs.
public struct AppClientRequest: Sendable {
    public init() {}
}

/// The local user pool's app client, as a browser signing in needs it: the `ClientId` of Cognito's
/// `InitiateAuth`, the pool id, and the password policy a new password must meet (Cognito's
/// `DescribeUserPool` `Policies.PasswordPolicy`, reduced to what is public). Neither is a secret: a public
/// Cognito client has no secret.
public struct AppClient: Sendable, Encodable, Equatable {
    public let userPoolID: String
    public let clientID: String
    public let passwordPolicy: PasswordPolicy

    public init(userPoolID: String, clientID: String, passwordPolicy: PasswordPolicy) {
        self.userPoolID = userPoolID
        self.clientID = clientID
        self.passwordPolicy = passwordPolicy
    }

    enum CodingKeys: String, CodingKey {
        case userPoolID = "user_pool_id"
        case clientID = "client_id"
        case passwordPolicy = "password_policy"
    }
}

/// A call of Cognito's JSON wire protocol (`X-Amz-Target: AWSCognitoIdentityProviderService.<operation>`).
public struct CognitoCall: Sendable {
    public let operation: String
    /// The JSON request body, as sent.
    public let body: [UInt8]
    /// The caller's network address, for throttling failed logins.
    public let sourceAddress: String?

    public init(operation: String, body: [UInt8], sourceAddress: String?) {
        self.operation = operation
        self.body = body
        self.sourceAddress = sourceAddress
    }
}

/// The JSON response body of a successful Cognito call.
public struct CognitoReply: Sendable {
    public let body: [UInt8]

    public init(body: [UInt8]) { self.body = body }
}

/// A JWK set (RFC 7517) of RSA public keys, as `/.well-known/jwks.json` serves it.
public struct JSONWebKeySet: Sendable, Codable, Equatable {
    public let keys: [JSONWebKey]

    public init(keys: [JSONWebKey]) { self.keys = keys }
}

/// One public key in JWK form: RSA (`n`, `e`) or P-256 (`crv`, `x`, `y`).
public struct JSONWebKey: Sendable, Codable, Equatable {
    public let kty: String
    public let kid: String
    public let use: String?
    public let alg: String?
    public let n: String?
    public let e: String?
    public let crv: String?
    public let x: String?
    public let y: String?

    /// An RS256 signing key.
    public init(kid: String, n: String, e: String) {
        self.kty = "RSA"
        self.kid = kid
        self.use = "sig"
        self.alg = "RS256"
        self.n = n
        self.e = e
        self.crv = nil
        self.x = nil
        self.y = nil
    }
}

/// An OAuth 2.0 client credentials grant (RFC 6749 §4.4), as Cognito's token endpoint takes it.
public struct ClientCredentialsGrant: Sendable {
    public let clientID: String
    public let clientSecret: String
    public let sourceAddress: String?

    public init(clientID: String, clientSecret: String, sourceAddress: String?) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.sourceAddress = sourceAddress
    }
}

/// A short-lived access token for a machine client.
public struct IssuedAccessToken: Sendable, Codable {
    public let accessToken: String
    public let expiresIn: Int
    public let tokenType: String

    public init(accessToken: String, expiresIn: Int) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.tokenType = "Bearer"
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case tokenType = "token_type"
    }
}
