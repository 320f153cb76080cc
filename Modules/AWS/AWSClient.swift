public import AsyncHTTPClient
import CryptoPrimitives
import Foundation
public import Logging
import Model
import NIOCore
import NIOHTTP1

/// Calls one AWS service over its JSON protocol: signs every attempt afresh with SigV4 and retries throttling,
/// 5xx and connection failures with jittered exponential backoff within the configured budget.
public struct AWSClient: Sendable {
    public let settings: AWSClientSettings
    private let httpClient: HTTPClient
    private let signer: SigV4Signer
    private let logger: Logger

    public init(settings: AWSClientSettings, httpClient: HTTPClient = .shared, logger: Logger) {
        self.settings = settings
        self.httpClient = httpClient
        self.signer = SigV4Signer(region: settings.region, service: settings.service,
                                  credentials: settings.credentials)
        self.logger = logger
    }

    /// Sends `operation` with `body` encoded as JSON and decodes the answer as `Response`.
    public func call<Request: Encodable, Response: Decodable>(
        _ protocol: AWSJSONProtocol, _ operation: String, _ body: Request, as: Response.Type = Response.self
    ) async throws(AWSCallError) -> Response {
        let encoded: [UInt8]
        do {
            encoded = Array(try JSONCoding.encoder().encode(body))
        } catch {
            throw AWSCallError(.invalidRequest("the request body could not be encoded"), operation: operation,
                               attempts: 0)
        }
        let (answer, attempts) = try await exchange(`protocol`, operation, body: encoded)
        var bytes = answer
        defer { secureZero(&bytes) }
        do {
            // An empty 2xx body is an empty object in the AWS JSON protocol.
            let document = bytes.isEmpty ? Array("{}".utf8) : bytes
            return try JSONCoding.decoder().decode(Response.self, from: Data(document))
        } catch {
            throw AWSCallError(.invalidResponse(JSONCoding.describe(error)), operation: operation, attempts: attempts)
        }
    }

    /// Sends `operation` with the JSON document `body` and returns the 2xx response body as it came.
    public func send(_ protocol: AWSJSONProtocol, _ operation: String, body: [UInt8]) async throws(AWSCallError)
        -> [UInt8] {
        try await exchange(`protocol`, operation, body: body).body
    }

    private func exchange(_ protocol: AWSJSONProtocol, _ operation: String, body: [UInt8])
        async throws(AWSCallError) -> (body: [UInt8], attempts: Int) {
        let policy = settings.retryPolicy
        let clock = ContinuousClock()
        let deadline = clock.now + policy.totalBudget
        var attempts = 0
        // No retry starts past the budget; each attempt may take its full timeout, so a call ends
        // within totalBudget + timeoutPerAttempt, and a late attempt is not cut short into a timeout.
        while true {
            guard !Task.isCancelled else { throw AWSCallError(.cancelled, operation: operation, attempts: attempts) }
            attempts += 1
            let outcome = await attempt(`protocol`, operation, body: body, timeout: settings.timeoutPerAttempt)
            let failure: AWSCallError.Kind
            switch outcome {
            case .answered(let answer):
                return (answer, attempts)
            case .failed(let kind):
                failure = kind
            }
            let retryable = switch failure {
            case .service(let error): error.isRetryable
            case .transport: !Task.isCancelled
            case .invalidResponse, .invalidRequest, .cancelled: false
            }
            let delay = policy.randomDelay(afterFailedAttempts: attempts)
            guard retryable, attempts < policy.maxAttempts, clock.now + delay < deadline else {
                if retryable && attempts > 1 {
                    logger.warning("AWS call failed; retries exhausted",
                                   metadata: metadata(operation, attempts: attempts, failure: failure))
                }
                throw AWSCallError(failure, operation: operation, attempts: attempts)
            }
            var retryMetadata = metadata(operation, attempts: attempts, failure: failure)
            retryMetadata["aws_retry_in_ms"] = "\(delay.wholeMilliseconds)"
            logger.debug("AWS call failed; retrying", metadata: retryMetadata)
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw AWSCallError(.cancelled, operation: operation, attempts: attempts)
            }
        }
    }

    /// One signed request; the failure says whether AWS answered and how.
    private func attempt(_ protocol: AWSJSONProtocol, _ operation: String, body: [UInt8], timeout: Duration)
        async -> Outcome {
        let endpoint = settings.endpoint
        var signable = `protocol`.request(operation: operation, endpoint: endpoint, body: body)
        signer.sign(&signable, at: AWSDate.now())
        var request = HTTPClientRequest(url: endpoint.url + signable.requestTarget)
        request.method = .POST
        for field in signable.headers {
            request.headers.add(name: field.name, value: field.value)
        }
        request.body = .bytes(signable.body)

        let response: HTTPClientResponse
        let buffer: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
        } catch {
            return .failed(Task.isCancelled ? .cancelled : .transport(AWSClient.describe(error)))
        }
        do {
            buffer = try await response.body.collect(upTo: settings.maxResponseBytes)
        } catch is NIOTooManyBytesError {
            return .failed(.invalidResponse("the response body exceeds \(settings.maxResponseBytes) bytes"))
        } catch {
            return .failed(Task.isCancelled ? .cancelled : .transport(AWSClient.describe(error)))
        }
        let bytes = Array(buffer: buffer)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            return .failed(.service(AWSServiceError(httpStatus: status, body: bytes,
                                                     errorTypeHeader: response.headers.first(name: "X-Amzn-ErrorType"))))
        }
        return .answered(bytes)
    }

    /// The end of one attempt: a 2xx body, or why not.
    private enum Outcome {
        case answered([UInt8])
        case failed(AWSCallError.Kind)
    }

    private func metadata(_ operation: String, attempts: Int, failure: AWSCallError.Kind) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "aws_service": "\(settings.service)",
            "aws_operation": "\(operation)",
            "aws_attempts": "\(attempts)",
        ]
        switch failure {
        case .service(let error):
            metadata["aws_error"] = "\(error.type)"
            metadata["aws_status"] = "\(error.httpStatus)"
        case .transport(let detail):
            metadata["aws_error"] = "\(detail)"
        case .invalidResponse, .invalidRequest, .cancelled:
            break
        }
        return metadata
    }

    /// A short, secret-free description of a transport error.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error)) + ": \(error)"
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    fileprivate var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
