import Auth
import Foundation
import Gateway
import Hummingbird
@testable import Lambda
import Logging
import Model
import Synchronization
import Testing

@Suite("The invocation's deadline")
struct InvocationDeadlineTests {
    @Test("work still running half a second before the invocation's deadline is cancelled and answered 503 timeout")
    func cancelledBeforeTheDeadline() async throws {
        let cancelled = Mutex(false)
        let router = Router(context: GatewayContext.self)
        router.get("/slow") { _, _ -> String in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.withLock { $0 = true }
                throw error
            }
            return "too late"
        }
        router.get("/fast") { _, _ in "in time" }
        let function = LambdaFunction(router: router, settings: LambdaSettings(), principalRule: AuthSettings().principalRule,
                                      logger: Logger(label: "deadline-test"))
        func event(_ path: String) -> [UInt8] {
            Array(#"{"version": "2.0", "rawPath": "\#(path)", "rawQueryString": "", "headers": {}, "requestContext": {"http": {"method": "GET"}}, "isBase64Encoded": false}"#.utf8)
        }
        func status(_ result: Result<[UInt8], LambdaErrorReport>) throws -> Int? {
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(try result.get())) as? [String: Any])
            return answer["statusCode"] as? Int
        }

        let started = ContinuousClock.now
        let slow = await function.handle(event("/slow"), requestID: "r1", deadline: Date().addingTimeInterval(1.5))
        let waited = ContinuousClock.now - started
        #expect(try status(slow) == 503)
        #expect(String(decoding: try slow.get(), as: UTF8.self).contains("timeout"))
        #expect(waited >= .milliseconds(900) && waited < .seconds(20), "answered after \(waited), not after the 30 s of work")
        #expect(cancelled.withLock { $0 })

        let fast = await function.handle(event("/fast"), requestID: "r2", deadline: Date().addingTimeInterval(10))
        #expect(try status(fast) == 200)
    }
}
