import AWS
import Testing

@Suite("AWSServiceError")
struct AWSServiceErrorTests {
    @Test("a DynamoDB error keeps the type after # and the lowercase message, and is throttling")
    func dynamoDBThrottling() {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","#
            + #""message":"The level of configured provisioned throughput for the table was exceeded."}"#
        let error = AWSServiceError(httpStatus: 400, body: Array(body.utf8))
        #expect(error.type == "ProvisionedThroughputExceededException")
        #expect(error.message == "The level of configured provisioned throughput for the table was exceeded.")
        #expect(error.httpStatus == 400)
        #expect(error.isThrottling)
        #expect(error.isRetryable)
    }

    @Test("a KMS error without namespace reads the capitalised Message and is not retryable")
    func kmsNotFound() {
        let body = #"{"__type":"NotFoundException","Message":"Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found."}"#
        let error = AWSServiceError(httpStatus: 400, body: Array(body.utf8))
        #expect(error.type == "NotFoundException")
        #expect(error.message == "Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.")
        #expect(!error.isThrottling)
        #expect(!error.isRetryable)
    }

    @Test("a body that is not one JSON object takes its type from X-Amzn-ErrorType, else UnknownError", arguments: [
        "<html>502 Bad Gateway</html>", #"{"__type":"A","__type":"B"}"#, #"{"__type":"A"} trailing"#, "",
    ])
    func garbledBody(_ body: String) {
        #expect(AWSServiceError(httpStatus: 502, body: Array(body.utf8), errorTypeHeader: "ServiceUnavailable").type
            == "ServiceUnavailable")
        let untyped = AWSServiceError(httpStatus: 502, body: Array(body.utf8))
        #expect(untyped.type == "UnknownError" && untyped.message == nil && untyped.isRetryable)
    }

    @Test("throttling types are throttling and retryable", arguments: [
        "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
        "TooManyRequestsException",
    ])
    func throttlingTypes(type: String) {
        let error = AWSServiceError(httpStatus: 400, body: Array(#"{"__type":"\#(type)"}"#.utf8))
        #expect(error.isThrottling)
        #expect(error.isRetryable)
    }

    @Test("any 5xx is retryable without being throttling", arguments: [500, 502, 503, 599])
    func serverErrorsRetry(status: Int) {
        let error = AWSServiceError(httpStatus: status, body: Array(#"{"__type":"InternalServerError"}"#.utf8))
        #expect(error.isRetryable)
        #expect(!error.isThrottling)
    }

    @Test("a 4xx client error is not retryable", arguments: [400, 403, 404, 499])
    func clientErrorsDoNotRetry(status: Int) {
        let error = AWSServiceError(httpStatus: status, body: Array(#"{"__type":"ValidationException"}"#.utf8))
        #expect(!error.isRetryable)
    }

    @Test("a URI after the type and a namespace before it are dropped")
    func typeWithNamespaceAndURI() {
        let body = #"{"__type":"aws.protocoltests#ThrottlingException:http://internal.amazon.com/coral/"}"#
        #expect(AWSServiceError(httpStatus: 400, body: Array(body.utf8)).type == "ThrottlingException")
    }

    @Test("escapes, nested values and other members do not disturb parsing")
    func escapesAndNesting() {
        let body = #"{ "Item": {"id": {"S": "}\"]"}, "n": [1, -2.5e3, true, null]}, "__type" : "#
            + #""ValidationException", "message": "line\nquote\" tab\t \u00e9 \ud83d\ude00 \/" }"#
        let error = AWSServiceError(httpStatus: 400, body: Array(body.utf8))
        #expect(error.type == "ValidationException")
        #expect(error.message == "line\nquote\" tab\t \u{e9} \u{1F600} /")
    }

    @Test("a body that is not a JSON object falls back to the error type header, then to UnknownError")
    func unparseableBody() {
        let html = Array("<html>Service Unavailable</html>".utf8)
        let withHeader = AWSServiceError(httpStatus: 503, body: html,
                                         errorTypeHeader: "ServiceUnavailableException:http://internal/")
        #expect(withHeader.type == "ServiceUnavailableException")
        #expect(withHeader.message == nil)
        #expect(withHeader.isRetryable)
        #expect(AWSServiceError(httpStatus: 503, body: []).type == "UnknownError")
        #expect(AWSServiceError(httpStatus: 400, body: Array(#"{"__type":"X""#.utf8)).type == "UnknownError")
    }

    @Test("the description names type, status and message")
    func description() {
        let error = AWSServiceError(type: "ThrottlingException", message: "Rate exceeded", httpStatus: 400)
        #expect(error.description == "ThrottlingException (HTTP 400): Rate exceeded")
    }
}
