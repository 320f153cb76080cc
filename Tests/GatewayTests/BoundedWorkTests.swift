import Auth
import Model
import Composition
import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import Query
import HummingbirdTesting
import Testing

private func rpc(_ client: any TestClientProtocol, _ token: String, _ body: String) async throws -> TestResponse {
    try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string: body))
}

private func store(_ client: any TestClientProtocol, _ token: String, _ count: Int, message: (Int) -> String) async throws {
    let batch = "[" + (0..<count).map { #"{"severity":"info","message":"\#(message($0))"}"# }.joined(separator: ",") + "]"
    let response = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: batch))
    #expect(response.status == .created)
}

private func calls(_ count: Int, _ params: String, method: String = "logs.query") -> String {
    "[" + (1...count).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"\#(method)","params":\#(params)}"# }.joined(separator: ",") + "]"
}

private func answers(_ response: TestResponse) throws -> [[String: Any]] {
    let array = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
    return array.sorted { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }
}

@Suite("Bounded work per request")
struct BoundedWorkTests {
    @Test("a batch of more calls than gateway.rpc.max_batch_calls is refused whole with 413 and -32013, running none of them")
    func batchCallLimit() async throws {
        try await withServer({ $0.gateway.rpc.maxBatchCalls = 3 }) { client, token in
            let refused = try await rpc(client, token, calls(4, #"{"severity":"info","message":"never"}"#, method: "logs.put"))
            #expect(refused.status == .contentTooLarge)
            let body = try json(refused.body)
            #expect((body["error"] as? [String: Any])?["code"] as? Int == -32013)
            #expect(body["id"] is NSNull)
            let accepted = try await rpc(client, token, calls(3, #"{"severity":"info","message":"stored"}"#, method: "logs.put"))
            #expect(try answers(accepted).allSatisfy { $0["result"] != nil })
            let page = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            #expect((try json(page.body)["logs"] as? [Any])?.count == 3)
        }
    }

    @Test("once the calls of a batch have examined max_batch_scan_entries, the page in progress ends with a cursor and later calls answer budget_exceeded")
    func batchScanBudget() async throws {
        try await withServer({ $0.gateway.rpc.maxBatchScanEntries = 250 }) { client, token in
            try await store(client, token, 300) { "entry \($0)" }
            // Five calls that each read 100 entries, 250 allowed together: the third gets what is left, the others none.
            let response = try await rpc(client, token, calls(5, #"{"limit":100}"#))
            let results = try answers(response)
            #expect(results.count == 5)
            let pages = results.compactMap { ($0["result"] as? [String: Any])?["logs"] as? [Any] }
            let refused = results.compactMap { $0["error"] as? [String: Any] }
            #expect(pages.reduce(0) { $0 + $1.count } <= 250)
            #expect(!refused.isEmpty)
            for error in refused {
                #expect(error["code"] as? Int == -32029)
                #expect((error["data"] as? [String: Any])?["code"] as? String == "budget_exceeded")
            }
        }
    }

    @Test("once a batch's results reach max_batch_response_bytes, later calls answer budget_exceeded and the answer stays near the bound")
    func batchResponseBudget() async throws {
        try await withServer({ $0.gateway.rpc.maxBatchResponseBytes = 64 * 1024 }) { client, token in
            try await store(client, token, 100) { "\($0) " + String(repeating: "m", count: 2000) }
            let response = try await rpc(client, token, calls(20, #"{"limit":100}"#))
            #expect(response.status == .ok)
            // The bound, plus the entries of the calls running when it was reached, plus each call's refusal.
            #expect(response.body.readableBytes < 64 * 1024 + 8 * (2000 + 200) + 20 * 300, "\(response.body.readableBytes) bytes")
            let results = try answers(response)
            #expect(results.count == 20)
            let refused = results.filter { (($0["error"] as? [String: Any])?["data"] as? [String: Any])?["code"] as? String == "budget_exceeded" }
            #expect(refused.count >= 10)
        }
    }

    @Test("a page ends before its messages and attributes pass query.max_page_bytes, with a cursor that continues without a gap")
    func pageByteBound() async throws {
        try await withServer({ $0.query.maxPageBytes = 10_000 }) { client, token in
            try await store(client, token, 20) { String(format: "%02d ", $0) + String(repeating: "b", count: 1000) }
            var cursor: String?
            var seen: [String] = []
            repeat {
                var uri = "/logs?limit=1000"
                if let cursor { uri += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
                let page = try json(try await client.execute(uri: uri, method: .get, headers: headers(token, contentType: nil)).body)
                let logs = try #require(page["logs"] as? [[String: Any]])
                #expect(logs.count <= 9 && !logs.isEmpty, "a page of \(logs.count) entries of about 1,130 bytes each")
                seen += logs.compactMap { ($0["message"] as? String)?.prefix(2).description }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == (0..<20).reversed().map { String(format: "%02d", $0) })
        }
    }

    @Test("one entry larger than max_page_bytes is still a page of its own")
    func oversizedEntryStillReads() async throws {
        try await withServer({ $0.query.maxPageBytes = 1000 }) { client, token in
            try await store(client, token, 2) { "\($0) " + String(repeating: "l", count: 5000) }
            let page = try json(try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil)).body)
            #expect((page["logs"] as? [Any])?.count == 1)
            #expect(page["nextCursor"] is String)
        }
    }

    @Test("text searches are shared among tenants: a caller past its share of query.max_concurrent_scans gets 429, another tenant still searches")
    func scansShared() async throws {
        try await withService({ $0.query.maxConcurrentScans = 2 }) { client, token, pool in
            _ = try await pool.createUser("bob", tenant: "other", groups: [], temporaryPassword: "Temp-Passw0rd")
            let bob = try await pool.idToken(for: "bob")
            try await store(client, token, 1000) { "entry \($0)" }
            try await store(client, bob, 10) { "bob \($0)" }
            // Eight searches of one caller at once, in one batch: one principal alone may hold 9/16 of 2 slots, one.
            let batch = try answers(try await rpc(client, token, calls(8, #"{"q":"absent"}"#)))
            let refused = batch.filter { (($0["error"] as? [String: Any])?["data"] as? [String: Any])?["code"] as? String == "too_many_requests" }
            #expect(!refused.isEmpty)
            let search = try await client.execute(uri: "/logs?q=bob", method: .get, headers: headers(bob, contentType: nil))
            #expect(search.status == .ok)
            #expect((try json(search.body)["logs"] as? [Any])?.count == 10)
        }
    }
}

@Suite("Answers held for sending")
struct AnswerBudgetTests {
    private let mallory = Claimant(tenant: TenantID("evil")!, principal: "mallory")
    private let alice = Claimant(tenant: TenantID("acme")!, principal: "alice")

    @Test("a caller whose unsent answers hold its share is refused with 429 before any work, while another tenant is not")
    func shareOfUnsentAnswers() throws {
        let answers = AnswerBudget(limit: 1_000_000)
        let held = answers.meter(for: mallory)
        held.charge(600_000)
        let refused = #expect(throws: ServiceError.self) { try answers.checkRoom(for: mallory) }
        #expect(refused?.code == .tooManyRequests)
        #expect(refused?.retryAfter == 1)
        try answers.checkRoom(for: alice)
        let page = BatchBudget(allowance: answers.meter(for: mallory))
        #expect(!page.takeBytes(10_000), "a page being built ends early once the caller holds its share")
        held.release()
        try answers.checkRoom(for: mallory)
    }

    @Test("an answer never sent gives its bytes back; without a connection (Lambda) an answer is counted until it is built")
    func unsentAnswersGiveBack() async throws {
        let answers = AnswerBudget(limit: 100_000)
        do {
            let meter = answers.meter(for: mallory)
            meter.charge(90_000)
            #expect(throws: ServiceError.self) { try answers.checkRoom(for: mallory) }
        }
        try answers.checkRoom(for: mallory)
        let meter = answers.meter(for: mallory)
        meter.charge(90_000)
        _ = meter.response(json: Array(repeating: UInt8(ascii: " "), count: 95_000))
        try answers.checkRoom(for: mallory)
    }

    @Test("an answer its client does not read holds the caller's share until it has been written: its other reads shrink to one entry (or 429), another tenant's do not")
    func unreadAnswerHoldsTheShare() async throws {
        try await withService({ $0.gateway.maxPendingAnswerBytes = 12_000_000 }) { client, token, pool in
            _ = try await pool.createUser("bob", tenant: "other", groups: [], temporaryPassword: "Temp-Passw0rd")
            let bob = try await pool.idToken(for: "bob")
            for _ in 0..<8 { try await store(client, token, 250) { "\($0) " + String(repeating: "u", count: 3900) } }
            try await store(client, bob, 200) { "\($0) " + String(repeating: "b", count: 3900) }
            func entries(_ token: String) async throws -> Int? {
                let response = try await client.execute(uri: "/logs?limit=200", method: .get, headers: headers(token, contentType: nil))
                return response.status == .tooManyRequests ? 0 : (try json(response.body)["logs"] as? [Any])?.count
            }
            #expect(try await entries(token) == 200)
            // Six 2 MiB pages asked for in one batch: they end early once the admin holds its share, 9/16 of 12 MB,
            // and the answer is more than the socket buffers take.
            let body = calls(6, #"{"limit":1000}"#)
            let reader = try RawConnection(port: try #require(client.port), receiveBuffer: 4096)
            try reader.send("POST /rpc HTTP/1.1\r\nHost: x\r\nAuthorization: \(token)\r\nContent-Type: application/json\r\n"
                            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
            // Its head arriving means the answer has been built and is being written.
            _ = await reader.read { $0.contains("\r\n\r\n") }
            var held = false
            for _ in 0..<100 where !held {
                held = try await entries(token).map { $0 <= 1 } ?? false
                if !held { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(held)
            #expect(try await entries(bob) == 200)
            let answer = await reader.read { $0.hasSuffix("]") }
            #expect(answer.text.utf8.count > 6_000_000)
            var freed = false
            for _ in 0..<100 where !freed {
                freed = try await entries(token) == 200
                if !freed { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(freed)
        }
    }
}
