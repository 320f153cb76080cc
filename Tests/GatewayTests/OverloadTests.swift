import Auth
import Composition
import Foundation
import Bus
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OTLP
import SwiftProtobuf
import Testing

/// A JSON entry body of exactly `bytes` bytes.
private func entryBody(_ bytes: Int, message: Character = "m") -> String {
    let frame = #"{"severity":"info","message":""}"#
    return #"{"severity":"info","message":""# + String(repeating: message, count: bytes - frame.utf8.count) + #""}"#
}

/// Opens a POST whose body stops half-way, and returns it with the first `probe` answered 503 (the slow
/// request then holds what it took on arrival). When a probe held the room as the slow request arrived, the
/// slow one was refused instead: it is dropped and opened again.
private func holdSlowRequest(port: Int, _ request: String,
                             probe: () async throws -> TestResponse) async throws -> (RawConnection, TestResponse)? {
    for _ in 0..<50 {
        let slow = try RawConnection(port: port)
        try slow.send(request)
        for _ in 0..<20 {
            let answer = try await probe()
            if answer.status == .serviceUnavailable { return (slow, answer) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
    return nil
}

@Suite("Shedding load at the edge")
struct OverloadTests {
    @Test("a body still arriving holds a place in ingest.put's queue, not its running slot: another tenant's writes run meanwhile")
    func bodyHoldsNoRunningSlot() async throws {
        try await withService({
            $0.bus.routes["ingest.put"] = Route(module: "ingest", concurrency: 1, queue: 1, timeoutMilliseconds: 30_000)
        }) { client, token, pool in
            _ = try await pool.createUser("bob", tenant: "other", groups: [], temporaryPassword: "Temp-Passw0rd")
            let bob = try await pool.idToken(for: "bob")
            let held = entryBody(300, message: "h")
            let slow = try RawConnection(port: try #require(client.port))
            try slow.send("POST /logs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(token)\r\n"
                          + "Content-Type: application/json\r\nContent-Length: 300\r\n\r\n" + held.prefix(100))
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<3 {
                let response = try await client.execute(uri: "/logs", method: .post, headers: headers(bob),
                                                        body: ByteBuffer(string: entryBody(100)))
                #expect(response.status == .created)
            }
            try slow.send(String(held.dropFirst(100)))
            #expect(await slow.read { $0.contains("\r\n\r\n") }.text.hasPrefix("HTTP/1.1 201"))
        }
    }

    @Test("a request without a valid token is answered 401 before its body is read, and reserves none of the body budget")
    func tokenCheckedBeforeTheBody() async throws {
        try await withServer({ $0.gateway.maxPendingBodyBytes = 4000 }) { client, token in
            let port = try #require(client.port)
            var forged: [RawConnection] = []
            for path in ["/logs", "/rpc", "/logs", "/rpc"] {
                let connection = try RawConnection(port: port)
                try connection.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer forged.token.value\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n" + String(repeating: " ", count: 1500))
                let answer = await connection.read { $0.contains("\r\n\r\n") }
                #expect(answer.text.hasPrefix("HTTP/1.1 401"), "answered before the rest of the body: \(answer.text.prefix(40))")
                forged.append(connection)
            }
            let valid = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                 body: ByteBuffer(string: entryBody(3500)))
            #expect(valid.status == .created)
        }
    }

    @Test("a caller past its share of the body budget is refused with 429 and Retry-After while another tenant's body is admitted")
    func bodyBudgetSharedAmongTenants() async throws {
        try await withService({ $0.gateway.maxPendingBodyBytes = 4000 }) { client, token, pool in
            _ = try await pool.createUser("bob", tenant: "other", groups: [], temporaryPassword: "Temp-Passw0rd")
            let bob = try await pool.idToken(for: "bob")
            // The admin's slow body holds 2,200 of 4,000 bytes: alone, one principal may hold 9/16 (2,250).
            let held = entryBody(2200, message: "h")
            var slow: RawConnection?
            var refused: TestResponse?
            // A probe that holds its bytes as the slow request arrives makes that one the refused one: then again.
            for _ in 0..<20 where refused == nil {
                let connection = try RawConnection(port: try #require(client.port))
                try connection.send("POST /logs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(token)\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 2200\r\n\r\n" + held.prefix(1000))
                try await Task.sleep(for: .milliseconds(200))
                let response = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                        body: ByteBuffer(string: entryBody(200)))
                if response.status == .tooManyRequests { (slow, refused) = (connection, response) }
            }
            let answer = try #require(refused)
            #expect(try errorCode(answer.body) == "too_many_requests")
            #expect(answer.headers[.retryAfter] == "1")
            let other = try await client.execute(uri: "/logs", method: .post, headers: headers(bob),
                                                 body: ByteBuffer(string: entryBody(1500)))
            #expect(other.status == .created)
            let holder = try #require(slow)
            try holder.send(String(held.dropFirst(1000)))
            #expect(await holder.read { $0.contains("\r\n\r\n") }.text.hasPrefix("HTTP/1.1 201"))
        }
    }

    @Test("past the budget a body is refused with 503 overloaded and Retry-After before it is read; nothing is stored, and the budget frees when the held request ends")
    func refusesPastTheBudget() async throws {
        try await withServer({ $0.gateway.maxPendingBodyBytes = 4000 }) { client, token in
            // A slow client declares 3,000 bytes and sends only half: those bytes stay reserved, and 2,000 more
            // (a body that does not even parse: while it is admitted, it changes nothing) do not fit.
            let held = entryBody(3000, message: "h")
            let port = try #require(client.port)
            let (slow, refused) = try #require(try await holdSlowRequest(
                port: port,
                "POST /logs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n" + held.prefix(1500)) {
                try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                         body: ByteBuffer(string: "{" + String(repeating: " ", count: 1998) + "x"))
            })
            #expect(try errorCode(refused.body) == "overloaded")
            #expect(refused.headers[.retryAfter] == "1")
            let valid = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                 body: ByteBuffer(string: entryBody(2000)))
            #expect(valid.status == .serviceUnavailable)
            let rpc = try await client.execute(uri: "/rpc", method: .post, headers: headers(token), body: ByteBuffer(string:
                #"{"jsonrpc":"2.0","id":1,"method":"logs.put","params":"# + entryBody(1950) + "}"))
            #expect(rpc.status == .serviceUnavailable)
            #expect(rpc.headers[.retryAfter] == "1")
            #expect(((try json(rpc.body)["error"] as? [String: Any])?["code"] as? Int) == -32029)
            let export = try await client.execute(uri: "/v1/logs", method: .post, headers: headers(token, contentType: "application/x-protobuf"),
                                                  body: ByteBuffer(bytes: try exportRequest([record(String(repeating: "o", count: 1900))]).serializedData()))
            #expect(export.status == .serviceUnavailable)
            #expect(export.headers[.retryAfter] == "1", "OTLP exporters honour Retry-After")
            #expect(try Google_Rpc_Status(serializedBytes: Array(export.body.readableBytesView)).code == 14)

            try slow.send(String(held.dropFirst(1500)))
            #expect(await slow.read { $0.contains("\r\n\r\n") }.text.hasPrefix("HTTP/1.1 201"))
            var admitted = false
            for _ in 0..<200 where !admitted {
                let response = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                        body: ByteBuffer(string: entryBody(2000, message: "a")))
                admitted = response.status == .created
                if !admitted { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(admitted)
            let page = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            let messages = (try json(page.body)["logs"] as? [[String: Any]])?.compactMap { $0["message"] as? String }
            #expect(messages?.map(\.first) == ["a", "h"])
        }
    }

    @Test("a single body larger than the whole budget is still admitted when nothing else is held")
    func loneBodyAdmitted() async throws {
        try await withServer({ $0.gateway.maxPendingBodyBytes = 100 }) { client, token in
            let response = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                    body: ByteBuffer(string: entryBody(5000)))
            #expect(response.status == .created)
        }
    }
}
