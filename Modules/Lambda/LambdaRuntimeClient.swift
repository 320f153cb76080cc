public import AsyncHTTPClient
import Foundation
import Model
import NIOCore
import NIOHTTP1

/// A client of the Lambda Runtime API (version 2018-06-01) at `AWS_LAMBDA_RUNTIME_API`: fetch the next
/// invocation (waiting as long as it takes), then post its response or its error; or report a failed start.
public struct LambdaRuntimeClient: Sendable {
    private let base: String
    private let http: HTTPClient

    /// `runtimeAPI` is the `host:port` Lambda puts in `AWS_LAMBDA_RUNTIME_API`.
    public init(runtimeAPI: String, httpClient: HTTPClient = .shared) {
        self.base = "http://\(runtimeAPI)/2018-06-01/runtime"
        self.http = httpClient
    }

    /// The next invocation: `GET /runtime/invocation/next`, with no timeout (Lambda freezes the process meanwhile).
    public func next() async throws(LambdaRuntimeError) -> LambdaInvocation {
        let (status, headers, body) = try await exchange(HTTPClientRequest(url: base + "/invocation/next"), timeout: nil)
        guard status == 200, let requestID = headers.first(name: "Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw LambdaRuntimeError("GET invocation/next answered \(status) without a request id")
        }
        return LambdaInvocation(
            requestID: requestID,
            deadlineMilliseconds: headers.first(name: "Lambda-Runtime-Deadline-Ms").flatMap(Int64.init),
            traceID: headers.first(name: "Lambda-Runtime-Trace-Id"),
            functionARN: headers.first(name: "Lambda-Runtime-Invoked-Function-Arn"),
            body: body)
    }

    /// Posts the function's result for `requestID`.
    public func respond(to requestID: String, with body: [UInt8]) async throws(LambdaRuntimeError) {
        try await post("/invocation/\(requestID)/response", body: body, errorType: nil)
    }

    /// Posts a failed invocation of `requestID`.
    public func fail(_ requestID: String, with report: LambdaErrorReport) async throws(LambdaRuntimeError) {
        try await post("/invocation/\(requestID)/error", body: report.json, errorType: report.errorType)
    }

    /// Reports that the function could not start (`POST /runtime/init/error`); Lambda then ends the process.
    public func failInitialization(_ report: LambdaErrorReport) async throws(LambdaRuntimeError) {
        try await post("/init/error", body: report.json, errorType: report.errorType)
    }

    private func post(_ path: String, body: [UInt8], errorType: String?) async throws(LambdaRuntimeError) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body))
        if let errorType { request.headers.add(name: "Lambda-Runtime-Function-Error-Type", value: errorType) }
        let (status, _, _) = try await exchange(request, timeout: .seconds(30))
        guard (200..<300).contains(status) else { throw LambdaRuntimeError("POST \(path) answered \(status)") }
    }

    private func exchange(_ request: HTTPClientRequest, timeout: TimeAmount?) async throws(LambdaRuntimeError)
        -> (Int, HTTPHeaders, [UInt8]) {
        do {
            let response = try await http.execute(request, timeout: timeout ?? .hours(24 * 365))
            let body = try await response.body.collect(upTo: 7 << 20)
            return (Int(response.status.code), response.headers, Array(buffer: body))
        } catch {
            throw LambdaRuntimeError("the Runtime API call failed: \(error)")
        }
    }
}

/// One invocation as the Runtime API hands it over.
public struct LambdaInvocation: Sendable {
    public let requestID: String
    /// When Lambda stops the invocation, in milliseconds since 1970.
    public let deadlineMilliseconds: Int64?
    /// The X-Ray trace header, passed on in `_X_AMZN_TRACE_ID`.
    public let traceID: String?
    public let functionARN: String?
    /// The event: an API Gateway request for our functions.
    public let body: [UInt8]
}

/// What the Runtime API is told about a failure: Lambda's documented error document.
public struct LambdaErrorReport: Error, Sendable, Encodable {
    public let errorMessage: String
    public let errorType: String
    public let stackTrace: [String]

    public init(errorMessage: String, errorType: String) {
        self.errorMessage = errorMessage
        self.errorType = errorType
        self.stackTrace = []
    }

    var json: [UInt8] { (try? JSONCoding.encoder().encode(self)).map(Array.init) ?? Array(#"{"errorType":"Unknown"}"#.utf8) }
}

/// The Runtime API could not be reached or answered unexpectedly.
public struct LambdaRuntimeError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
