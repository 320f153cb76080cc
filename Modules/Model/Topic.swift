/// A typed bus topic: requests of type `Request` are answered with a `Response`.
public struct Topic<Request: Sendable, Response: Sendable>: Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

/// The topics the modules serve; their routes come from the `bus.routes` configuration.
public enum Topics {
    /// Auth: a bearer token to the principal it proves.
    public static let authVerify = Topic<Credential, Principal>("auth.verify")
    /// Auth: one call of the Cognito-compatible login API.
    public static let authCognito = Topic<CognitoCall, CognitoReply>("auth.cognito")
    /// Auth: an access token for a machine client (OAuth 2.0 client credentials).
    public static let authToken = Topic<ClientCredentialsGrant, IssuedAccessToken>("auth.token")
    /// Auth: the public signing keys as a JWK set.
    public static let authKeys = Topic<KeySetRequest, JSONWebKeySet>("auth.keys")
    /// Auth: the local user pool's app client, for the console's sign-in page.
    public static let authAppClient = Topic<AppClientRequest, AppClient>("auth.app_client")
    /// Auth: an administrator lists, creates or revokes its tenant's API keys.
    public static let authAPIKeys = Topic<APIKeyRequest, APIKeyReply>("auth.api_keys")
    /// Auth: an administrator lists, creates, disables, enables or resets its tenant's users of the local pool.
    public static let authUsers = Topic<UserAdministrationRequest, UserAdministrationReply>("auth.users")
    /// Ingest: validate and durably store a batch of entries, all or nothing.
    public static let ingestPut = Topic<IngestRequest, IngestReceipt>("ingest.put")
    /// Query: a page of the tenant's most recent entries, newest first.
    public static let queryRecent = Topic<RecentQuery, LogPage>("query.recent")
    /// Crypto: encrypt messages under the tenant's data key.
    public static let cryptoSeal = Topic<SealRequest, [SealedMessage]>("crypto.seal")
    /// Crypto: decrypt sealed messages of one tenant.
    public static let cryptoOpen = Topic<OpenRequest, [OpenedMessage]>("crypto.open")
    /// Crypto: blind-index tokens of terms, under the tenant's index key.
    public static let cryptoIndexTokens = Topic<IndexTokenRequest, [IndexToken]>("crypto.index_tokens")

    /// Every topic name, for configuration checks.
    public static let allNames = [authVerify.name, authCognito.name, authToken.name, authKeys.name, authAppClient.name, authAPIKeys.name, authUsers.name, ingestPut.name, queryRecent.name,
                                  cryptoSeal.name, cryptoOpen.name, cryptoIndexTokens.name]
}

/// A typed bus event: published by one module to whoever listens at that moment.
public struct EventTopic<Event: Sendable>: Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

extension Topics {
    /// Ingest: entries just made durable, for the live tail. Delivered in-process only.
    public static let ingestCommitted = EventTopic<CommittedEntries>("ingest.committed")
}
