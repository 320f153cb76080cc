/// Where and as whom `AWSClient` calls one AWS service, and how patiently.
public struct AWSClientSettings: Sendable {
    /// The signing name of the service, e.g. `kms`.
    public var service: String
    public var region: String
    public var endpoint: AWSEndpoint
    public var credentials: AWSCredentials
    /// The longest one attempt may take (further bounded by what is left of the retry budget).
    public var timeoutPerAttempt: Duration
    public var retryPolicy: RetryPolicy
    /// The largest response body accepted.
    public var maxResponseBytes: Int

    /// The default response body cap, 4 MiB.
    public static let defaultMaxResponseBytes = 4 << 20

    /// `endpoint` defaults to `https://<service>.<region>.amazonaws.com`; throws `invalidRequest` when the region
    /// makes no valid host name.
    public init(service: String, region: String, credentials: AWSCredentials, endpoint: AWSEndpoint? = nil,
                timeoutPerAttempt: Duration = .seconds(5), retryPolicy: RetryPolicy = .standard,
                maxResponseBytes: Int = AWSClientSettings.defaultMaxResponseBytes) throws(AWSCallError) {
        guard let resolved = endpoint ?? AWSEndpoint.aws(service: service, region: region) else {
            throw AWSCallError(.invalidRequest("no endpoint for service \(service) in region \(region)"),
                               operation: "configure", attempts: 0)
        }
        self.service = service
        self.region = region
        self.endpoint = resolved
        self.credentials = credentials
        self.timeoutPerAttempt = timeoutPerAttempt
        self.retryPolicy = retryPolicy
        self.maxResponseBytes = max(0, maxResponseBytes)
    }
}
