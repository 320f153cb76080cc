import AWS
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

@Suite("AWSClient")
struct AWSClientTests {
    static let throttled = StubAnswer(status: .badRequest, body: #"{"__type":"ThrottlingException","message":"slow down"}"#)
    static let ok = StubAnswer(status: .ok, body: #"{"Answer":"ok","Count":3}"#)
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let fast = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(1), maxDelay: .milliseconds(10))

    @Test("throttling answers are retried until one succeeds, each attempt signed")
    func retriesThrottling() async throws {
        try await StubAWS.run(answer: { $0 < 2 ? Self.throttled : Self.ok }) { stub in
            let client = try stub.client(credentials: Self.credentials, retryPolicy: Self.fast)
            let answer = try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            #expect(answer == EchoResponse(Answer: "ok", Count: 3))
            let requests = stub.requests
            #expect(requests.count == 3)
            for request in requests {
                try stub.expectSigned(request, credentials: Self.credentials)
                #expect(request.header("x-amz-target") == "TrentService.Echo")
                #expect(request.header("content-type") == "application/x-amz-json-1.1")
                #expect(request.body == #"{"Text":"hi"}"#)
            }
        }
    }

    @Test("a 5xx answer, even one without a JSON body, is retried")
    func retriesServerErrors() async throws {
        let answers = [StubAnswer(status: .serviceUnavailable, body: #"{"__type":"KMSInternalException"}"#),
                       StubAnswer(status: .badGateway, body: "<html>bad gateway</html>")]
        try await StubAWS.run(answer: { $0 < answers.count ? answers[$0] : Self.ok }) { stub in
            let client = try stub.client(credentials: Self.credentials, retryPolicy: Self.fast)
            let answer = try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            #expect(answer.Answer == "ok")
            #expect(stub.requests.count == 3)
        }
    }

    @Test("a non-retryable error surfaces at once with its type, message and status")
    func validationIsNotRetried() async throws {
        let invalid = StubAnswer(status: .badRequest, body: #"{"__type":"ValidationException","message":"bad KeySpec"}"#)
        try await StubAWS.run(answer: { _ in invalid }) { stub in
            let client = try stub.client(credentials: Self.credentials, retryPolicy: Self.fast)
            let error = await #expect(throws: AWSCallError.self) {
                try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            }
            #expect(error?.serviceError == AWSServiceError(type: "ValidationException", message: "bad KeySpec",
                                                           httpStatus: 400))
            #expect(error?.attempts == 1)
            #expect(error?.operation == "Echo")
            #expect(error?.isTransient == false)
            #expect(stub.requests.count == 1)
        }
    }

    @Test("retries stop at the maximum number of attempts with the last throttling error")
    func maxAttemptsBoundRetries() async throws {
        try await StubAWS.run(answer: { _ in Self.throttled }) { stub in
            let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
            let client = try stub.client(credentials: Self.credentials, retryPolicy: policy)
            let error = await #expect(throws: AWSCallError.self) {
                try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            }
            #expect(error?.serviceError?.type == "ThrottlingException")
            #expect(error?.serviceError?.message == "slow down")
            #expect(error?.attempts == 3)
            #expect(error?.isTransient == true)
            #expect(stub.requests.count == 3)
        }
    }

    @Test("the total time budget bounds retries long before the attempt limit")
    func budgetBoundsRetries() async throws {
        try await StubAWS.run(answer: { _ in Self.throttled }) { stub in
            let policy = RetryPolicy(maxAttempts: 1000, baseDelay: .milliseconds(20), maxDelay: .milliseconds(40),
                                     totalBudget: .seconds(3))
            let client = try stub.client(credentials: Self.credentials, retryPolicy: policy)
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: AWSCallError.self) {
                try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            }
            let elapsed = clock.now - start
            #expect(elapsed < .seconds(10), "the 3 s budget, not 1000 attempts, ended the retries")
            #expect(error?.serviceError?.isThrottling == true)
            let attempts = try #require(error?.attempts)
            #expect(attempts < 1000, "the budget, not the attempt limit, ended the retries")
            #expect(stub.requests.count == attempts)
        }
    }

    @Test("a session token is sent as X-Amz-Security-Token and signed")
    func sessionTokenIsSent() async throws {
        let credentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret",
                                         sessionToken: "session-token-value")
        try await StubAWS.run(answer: { _ in Self.ok }) { stub in
            let client = try stub.client(credentials: credentials, retryPolicy: Self.fast)
            _ = try await client.call(.dynamoDB, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            let request = try #require(stub.requests.first)
            #expect(request.header("x-amz-security-token") == "session-token-value")
            #expect(request.header("x-amz-target") == "DynamoDB_20120810.Echo")
            let authorization = try #require(request.header("authorization"))
            #expect(authorization.contains("x-amz-security-token"))
            try stub.expectSigned(request, credentials: credentials)
        }
    }

    @Test("a response body over the cap is rejected and not retried")
    func responseBodyIsCapped() async throws {
        let large = StubAnswer(status: .ok, body: #"{"Answer":""# + String(repeating: "x", count: 4096) + #""}"#)
        try await StubAWS.run(answer: { _ in large }) { stub in
            let client = try stub.client(credentials: Self.credentials, retryPolicy: Self.fast, maxResponseBytes: 1024)
            let error = await #expect(throws: AWSCallError.self) {
                try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            }
            guard case .invalidResponse = error?.kind else {
                Issue.record("expected invalidResponse, got \(String(describing: error))")
                return
            }
            #expect(stub.requests.count == 1)
        }
    }

    @Test("connection failures are retried, then surface as transport errors")
    func connectionFailuresAreRetried() async throws {
        let endpoint = try #require(AWSEndpoint(url: "http://127.0.0.1:1"))
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5),
                                 totalBudget: .seconds(120))
        let settings = try AWSClientSettings(service: "kms", region: "us-east-1", credentials: Self.credentials,
                                                       endpoint: endpoint, timeoutPerAttempt: .seconds(1),
                                                       retryPolicy: policy)
        let client = AWSClient(settings: settings, logger: Logger(label: "AWSClientTests"))
        let error = await #expect(throws: AWSCallError.self) {
            try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
        }
        guard case .transport = error?.kind else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(error?.attempts == 3)
        #expect(error?.isTransient == true)
    }

    @Test("an attempt that outlasts its timeout is abandoned and retried")
    func slowAttemptIsRetried() async throws {
        // Generous times: on a machine loaded by the whole suite, even a quick answer can take seconds.
        let slow = StubAnswer(status: .ok, body: #"{"Answer":"late"}"#, delay: .seconds(40))
        try await StubAWS.run(answer: { $0 == 0 ? slow : Self.ok }) { stub in
            let client = try stub.client(credentials: Self.credentials,
                                         retryPolicy: RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(1), totalBudget: .seconds(60)),
                                         timeoutPerAttempt: .seconds(5))
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await client.call(.kms, "Echo", EchoRequest(Text: "hi"), as: EchoResponse.self)
            #expect(answer.Answer == "ok")
            #expect(clock.now - start < .seconds(35), "the 40 s answer was not waited for")
            #expect(stub.requests.count >= 2)
        }
    }

    @Test("the default endpoint is the public one of the service and region")
    func defaultEndpoint() throws {
        let settings = try AWSClientSettings(service: "kms", region: "eu-west-1", credentials: Self.credentials)
        #expect(settings.endpoint.url == "https://kms.eu-west-1.amazonaws.com")
        #expect(settings.maxResponseBytes == 4 << 20)
        #expect(settings.retryPolicy == .standard)
    }

    @Test("backoff ceilings double from 50 ms up to the 2 s cap; full jitter stays under the ceiling")
    func backoffCeilings() {
        let policy = RetryPolicy.standard
        #expect(policy.maxAttempts == 6)
        #expect(policy.totalBudget == .seconds(10))
        let ceilings = (1...8).map { policy.ceiling(afterFailedAttempts: $0) }
        #expect(ceilings == [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400),
                             .milliseconds(800), .milliseconds(1600), .seconds(2), .seconds(2)])
        #expect(policy.ceiling(afterFailedAttempts: 500) == .seconds(2))
        #expect(policy.delay(afterFailedAttempts: 2, fraction: 0) == .zero)
        #expect(policy.delay(afterFailedAttempts: 2, fraction: 0.5) == .milliseconds(50))
        for attempt in 1...10 {
            let delay = policy.randomDelay(afterFailedAttempts: attempt)
            #expect(delay >= .zero)
            #expect(delay <= policy.ceiling(afterFailedAttempts: attempt))
        }
    }
}

struct EchoRequest: Encodable {
    let Text: String
}

struct EchoResponse: Decodable, Equatable {
    let Answer: String
    let Count: Int?
}

/// What the stub answers one request with.
struct StubAnswer: Sendable {
    let status: HTTPResponse.Status
    let body: String
    /// How long the stub waits before answering.
    var delay: Duration = .zero
}

/// One request as the stub saw it.
struct StubRequest: Sendable {
    let headers: [(name: String, value: String)]
    let body: String

    /// The value of the single header `name`, matched case-insensitively.
    func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        return values.count == 1 ? values.first : nil
    }
}

/// A local HTTP server standing in for an AWS JSON-protocol endpoint, recording every request.
final class StubAWS: Sendable {
    let port: Int
    private let log: Log

    private init(port: Int, log: Log) {
        self.port = port
        self.log = log
    }

    var requests: [StubRequest] { log.requests.withLock { $0 } }

    /// Runs `body` against a live server answering the n-th request (from 0) with `answer(n)`.
    static func run(answer: @escaping @Sendable (Int) -> StubAnswer,
                    _ body: @Sendable (StubAWS) async throws -> Void) async throws {
        let log = Log()
        let router = Router()
        router.post("/") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            // HTTPTypes keeps Host as the :authority pseudo-header, apart from the other fields.
            let headers = [(name: "host", value: request.head.authority ?? "")]
                + request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
            let index = log.append(StubRequest(headers: headers, body: String(buffer: bytes)))
            let reply = answer(index)
            if reply.delay > .zero { try await Task.sleep(for: reply.delay) }
            return Response(status: reply.status, headers: [.contentType: "application/x-amz-json-1.1"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
        }
        var logger = Logger(label: "StubAWS")
        logger.logLevel = .error
        let app = Application(router: router, logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(StubAWS(port: port, log: log))
        }
    }

    /// A client of this stub with the given credentials and retry policy.
    func client(credentials: AWSCredentials, retryPolicy: RetryPolicy, timeoutPerAttempt: Duration = .seconds(5),
                maxResponseBytes: Int = AWSClientSettings.defaultMaxResponseBytes) throws -> AWSClient {
        let endpoint = try #require(AWSEndpoint(url: "http://127.0.0.1:\(port)"))
        let settings = try AWSClientSettings(service: "kms", region: "us-east-1", credentials: credentials,
                                                       endpoint: endpoint, timeoutPerAttempt: timeoutPerAttempt,
                                                       retryPolicy: retryPolicy, maxResponseBytes: maxResponseBytes)
        return AWSClient(settings: settings, logger: Logger(label: "AWSClientTests"))
    }

    /// Checks that `request` carries an X-Amz-Date and a SigV4 Authorization that verifies over what was received.
    func expectSigned(_ request: StubRequest, credentials: AWSCredentials) throws {
        let amzDate = try #require(request.header("x-amz-date"))
        let date = try #require(AWSDate(amzDate: amzDate))
        #expect(abs(date.secondsSince1970 - AWSDate.now().secondsSince1970) < 60)
        let authorization = try #require(request.header("authorization"))
        let prefix = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(date.dateStamp)/us-east-1/kms/aws4_request, "
        #expect(authorization.hasPrefix(prefix))
        let signedPart = try #require(authorization.split(separator: " ").first { $0.hasPrefix("SignedHeaders=") })
        let signedNames = signedPart.dropFirst("SignedHeaders=".count).trimmingSuffix(",").split(separator: ";")
            .map(String.init)
        #expect(signedNames.contains("host"))
        #expect(signedNames.contains("x-amz-date"))
        #expect(signedNames.contains("x-amz-target"))
        let fields = signedNames.compactMap { name in request.header(name).map { AWSHeaderField(name, $0) } }
        #expect(fields.count == signedNames.count)
        let signable = SignableRequest(method: "POST", path: "/", headers: fields, body: Array(request.body.utf8))
        let signer = SigV4Signer(region: "us-east-1", service: "kms", credentials: credentials)
        #expect(signer.signature(for: signable, at: date).authorization == authorization)
    }

    /// The requests the server has seen, shared with its handler.
    private final class Log: Sendable {
        let requests = Mutex<[StubRequest]>([])

        func append(_ request: StubRequest) -> Int {
            requests.withLock { requests in
                requests.append(request)
                return requests.count - 1
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
