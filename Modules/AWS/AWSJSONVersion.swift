/// The version of the AWS JSON protocol, which only changes the `Content-Type`.
public enum AWSJSONVersion: String, Sendable, Hashable {
    case v1_0 = "1.0"
    case v1_1 = "1.1"

    /// `application/x-amz-json-1.0` or `application/x-amz-json-1.1`.
    public var contentType: String { "application/x-amz-json-\(rawValue)" }
}
