/// Requests of a service speaking the AWS JSON protocol: `POST /` with the operation in `X-Amz-Target`.
public struct AWSJSONProtocol: Sendable, Hashable {
    public let version: AWSJSONVersion
    /// The part of `X-Amz-Target` before the operation, e.g. `TrentService`.
    public let targetPrefix: String

    public init(version: AWSJSONVersion, targetPrefix: String) {
        self.version = version
        self.targetPrefix = targetPrefix
    }

    /// AWS KMS: JSON 1.1, `X-Amz-Target: TrentService.<Operation>`.
    public static let kms = AWSJSONProtocol(version: .v1_1, targetPrefix: "TrentService")

    /// Amazon DynamoDB: JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`.
    public static let dynamoDB = AWSJSONProtocol(version: .v1_0, targetPrefix: "DynamoDB_20120810")

    /// The unsigned request for `operation` with the JSON document `body`, ready for `SigV4Signer.sign`.
    public func request(operation: String, endpoint: AWSEndpoint, body: [UInt8]) -> SignableRequest {
        SignableRequest(method: "POST", path: "/", headers: [
            AWSHeaderField("Host", endpoint.hostHeader),
            AWSHeaderField("Content-Type", version.contentType),
            AWSHeaderField("X-Amz-Target", "\(targetPrefix).\(operation)"),
        ], body: body)
    }
}
