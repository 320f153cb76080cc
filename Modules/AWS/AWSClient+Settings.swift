public import Logging
public import Model

extension AWSClient {
    /// A client of `service` (its signing name) in `region`, or at `endpoint` when that is a non-empty URL (a VPC
    /// endpoint, moto server); `unavailable`, naming the service as `name`, when the settings are unusable.
    public static func configured(service: String, name: String, region: String, endpoint: String?,
                                  credentials: AWSCredentials, timeoutPerAttempt: Duration = .seconds(5),
                                  retryPolicy: RetryPolicy = .standard,
                                  maxResponseBytes: Int = AWSClientSettings.defaultMaxResponseBytes,
                                  logger: Logger) throws(ServiceError) -> AWSClient {
        var url: AWSEndpoint?
        if let endpoint, !endpoint.isEmpty {
            guard let parsed = AWSEndpoint(url: endpoint) else {
                throw .unavailable("the \(name) endpoint \(endpoint) is not an http(s) URL")
            }
            url = parsed
        }
        do {
            let settings = try AWSClientSettings(service: service, region: region, credentials: credentials, endpoint: url,
                                                           timeoutPerAttempt: timeoutPerAttempt, retryPolicy: retryPolicy,
                                                           maxResponseBytes: maxResponseBytes)
            return AWSClient(settings: settings, logger: logger)
        } catch {
            throw .unavailable("the \(name) settings are unusable: \(error)")
        }
    }
}
