import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// A tiny HTTP front for moto server that misbehaves the way DynamoDB does under load: every `throttleEvery`-th
/// call is answered with ProvisionedThroughputExceededException, and a BatchWriteItem is passed on only in part,
/// the rest answered as UnprocessedItems. `failBatchWrite` makes that BatchWriteItem (counted from 1) fail for good;
/// every `loseAnswerEvery`-th call is carried out by moto but answered with a 500, as if the answer were lost.
final class ThrottlingFront: Sendable {
    struct Counts: Sendable {
        var calls = 0
        var throttled = 0
        var unprocessed = 0
        var batchWrites = 0
        var largestBatchWrite = 0
        var lostAnswers = 0
    }

    let port: Int
    private let tally: Tally

    /// What the front has seen and done so far.
    var seen: Counts { tally.counts.withLock { $0 } }

    private init(port: Int, tally: Tally) {
        self.port = port
        self.tally = tally
    }

    private final class Tally: Sendable {
        let counts = Mutex(Counts())
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    static func run(upstream: String, throttleEvery: Int = 3, failBatchWrite: Int? = nil, loseAnswerEvery: Int? = nil,
                    _ body: @Sendable (ThrottlingFront) async throws -> Void) async throws {
        let tally = Tally()
        let router = Router()
        router.post("/") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 32 << 20)
            let target = request.headers[HTTPField.Name("X-Amz-Target")!] ?? ""
            let isBatchWrite = target.hasSuffix(".BatchWriteItem")
            var document = isBatchWrite ? try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any] : nil
            let (call, batchWrite) = tally.counts.withLock { counts -> (Int, Int) in
                counts.calls += 1
                if isBatchWrite { counts.batchWrites += 1 }
                return (counts.calls, counts.batchWrites)
            }
            if call % throttleEvery == 0 {
                tally.counts.withLock { $0.throttled += 1 }
                return error("ProvisionedThroughputExceededException", "injected by the throttling front")
            }
            var leftOver: [String: Any] = [:]
            if isBatchWrite, var requests = document?["RequestItems"] as? [String: [Any]], let table = requests.keys.first,
               let items = requests[table] {
                tally.counts.withLock { $0.largestBatchWrite = max($0.largestBatchWrite, items.count) }
                if batchWrite == failBatchWrite { return error("ValidationException", "injected failure") }
                if items.count > 1 {
                    let kept = (items.count + 1) / 2
                    requests[table] = Array(items[..<kept])
                    leftOver[table] = Array(items[kept...])
                    document?["RequestItems"] = requests
                    tally.counts.withLock { $0.unprocessed += items.count - kept }
                }
            }
            var forward = HTTPClientRequest(url: upstream + "/")
            forward.method = .POST
            for field in request.headers where field.name != .contentLength {
                forward.headers.add(name: field.name.canonicalName, value: field.value)
            }
            let body = try document.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data(bytes.readableBytesView)
            forward.body = .bytes(ByteBuffer(bytes: Array(body)))
            let answer = try await HTTPClient.shared.execute(forward, timeout: .seconds(30))
            var answerBody = try await answer.body.collect(upTo: 32 << 20)
            if let loseAnswerEvery, call % loseAnswerEvery == 0 {
                tally.counts.withLock { $0.lostAnswers += 1 }
                return error("InternalServerError", "injected: the call was carried out, its answer lost", status: .internalServerError)
            }
            if !leftOver.isEmpty, answer.status == .ok,
               var reply = try JSONSerialization.jsonObject(with: Data(answerBody.readableBytesView)) as? [String: Any] {
                reply["UnprocessedItems"] = leftOver
                answerBody = ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: reply)))
            }
            return Response(status: .init(code: Int(answer.status.code)),
                            headers: [.contentType: "application/x-amz-json-1.0"], body: ResponseBody(byteBuffer: answerBody))
        }
        var logger = Logger(label: "ThrottlingFront")
        logger.logLevel = .error
        try await Application(router: router, logger: logger).test(.live) { client in
            try await body(ThrottlingFront(port: try #require(client.port), tally: tally))
        }
    }

    private static func error(_ type: String, _ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        Response(status: status, headers: [.contentType: "application/x-amz-json-1.0"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(type)","message":"\#(message)"}"#)))
    }
}
