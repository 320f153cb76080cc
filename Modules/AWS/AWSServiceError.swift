import Model

/// An error response of an AWS JSON-protocol service.
public struct AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error's shape name, e.g. `ThrottlingException` (without namespace or URI).
    public let type: String
    public let message: String?
    public let httpStatus: Int

    private static let throttlingTypes: Set<String> = [
        "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
        "TooManyRequestsException",
    ]

    public init(type: String, message: String?, httpStatus: Int) {
        self.type = type
        self.message = message
        self.httpStatus = httpStatus
    }

    /// Parses `__type` (or `code`) and `message` (or `Message`) from an error body; the `X-Amzn-ErrorType` header,
    /// when given, supplies the type a body lacks. The type is `UnknownError` when neither has one.
    public init(httpStatus: Int, body: [UInt8], errorTypeHeader: String? = nil) {
        let members = AWSServiceError.stringMembers(of: body)
        let rawType = members["__type"] ?? members["code"] ?? errorTypeHeader
        self.init(type: rawType.map(AWSServiceError.shapeName) ?? "UnknownError",
                  message: members["message"] ?? members["Message"],
                  httpStatus: httpStatus)
    }

    /// True when AWS asks the caller to slow down.
    public var isThrottling: Bool { AWSServiceError.throttlingTypes.contains(type) }

    /// True for throttling and server-side (5xx) failures, which a later attempt may not hit.
    public var isRetryable: Bool { isThrottling || (500...599).contains(httpStatus) }

    public var description: String {
        "\(type) (HTTP \(httpStatus))" + (message.map { ": \($0)" } ?? "")
    }

    /// The string-valued members of `body` when it is one JSON object (read by the service's one strict parser);
    /// empty for anything else, so a garbled error body still yields an error, typed by the header or `UnknownError`.
    private static func stringMembers(of body: [UInt8]) -> [String: String] {
        guard case .object(let members)? = try? JSONParser.parse(body) else { return [:] }
        var strings: [String: String] = [:]
        for member in members {
            if case .string(let value) = member.value { strings[member.name] = value }
        }
        return strings
    }

    /// `aws.namespace#Name:http://uri` becomes `Name`.
    private static func shapeName(_ raw: String) -> String {
        let withoutURI = raw.prefix { $0 != ":" }
        let name = withoutURI.split(separator: "#", omittingEmptySubsequences: false).last ?? withoutURI
        return String(name)
    }
}
