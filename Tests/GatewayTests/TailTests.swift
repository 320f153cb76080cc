@testable import Auth
import Composition
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import Testing

/// Opens `GET /logs/tail` on a raw connection (so a test can also leave it unread).
private func openTail(port: Int, token: String, query: String = "", receiveBuffer: Int32? = nil) throws -> RawConnection {
    let connection = try RawConnection(port: port, receiveBuffer: receiveBuffer)
    try connection.send("GET /logs/tail\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
    return connection
}

/// The body of a chunked HTTP response as far as it arrived (the tail streams in chunks).
private func dechunked(_ raw: String) -> String {
    let bytes = Array(raw.utf8)
    guard let headEnd = raw.utf8.ranges(of: Array("\r\n\r\n".utf8)).first?.upperBound else { return "" }
    var offset = raw.utf8.distance(from: raw.utf8.startIndex, to: headEnd)
    var body: [UInt8] = []
    while let lineEnd = bytes[offset...].firstRange(of: Array("\r\n".utf8)),
          let size = Int(String(decoding: bytes[offset..<lineEnd.lowerBound], as: UTF8.self), radix: 16), size > 0 {
        let start = lineEnd.upperBound
        body += bytes[start..<min(start + size, bytes.count)]
        offset = start + size + 2
        guard offset < bytes.count else { break }
    }
    return String(decoding: body, as: UTF8.self)
}

/// The `data:` payloads of the `entry` events in a stream.
private func entryEvents(_ raw: String) -> [[String: Any]] {
    dechunked(raw).components(separatedBy: "\n\n").compactMap { event -> [String: Any]? in
        let lines = event.split(separator: "\n")
        guard lines.contains("event: entry"), let data = lines.first(where: { $0.hasPrefix("data: ") }) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(data.dropFirst(6).utf8)) as? [String: Any]
    }
}

private func post(_ client: any TestClientProtocol, _ token: String, _ body: String) async throws -> HTTPResponse.Status {
    try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: body)).status
}

@Suite("The live tail at GET /logs/tail")
struct TailTests {
    @Test("streams the tenant's newly committed entries at or above the severity, and nothing of another tenant")
    func streamsOwnTenant() async throws {
        try await withService { client, token, pool in
            _ = try await pool.createUser("mallory", tenant: "other", groups: [], temporaryPassword: "Temp-Passw0rd")
            let otherToken = try await pool.idToken(for: "mallory")
            let port = try #require(client.port)
            let tail = try openTail(port: port, token: token, query: "?severity=warning")
            let head = await tail.read { $0.contains(": connected") }
            #expect(head.text.hasPrefix("HTTP/1.1 200"))
            #expect(head.text.lowercased().contains("content-type: text/event-stream"))
            #expect(try await post(client, otherToken, #"{"severity": "critical", "message": "not yours"}"#) == .created)
            #expect(try await post(client, token, #"{"severity": "info", "message": "too quiet"}"#) == .created)
            #expect(try await post(client, token, #"[{"severity": "error", "message": "first", "attributes": {"a": "b"}}, {"severity": "warn", "message": "second"}]"#) == .created)
            let stream = await tail.read { entryEvents($0).count >= 2 }
            let events = entryEvents(stream.text)
            #expect(events.map { $0["message"] as? String } == ["first", "second"])
            #expect(events.map { $0["severity"] as? String } == ["error", "warning"])
            #expect(events.first?["attributes"] as? [String: String] == ["a": "b"])
            #expect(!stream.text.contains("not yours") && !stream.text.contains("too quiet"))
        }
    }

    @Test("streams only the new entries that pass its query's filter; a query that is not one, or has a pipe, is 400")
    func query() async throws {
        try await withServer { client, token in
            let port = try #require(client.port)
            let filter = "service.name = checkout and (timeout or status >= 500)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let tail = try openTail(port: port, token: token, query: "?query=\(filter)")
            _ = await tail.read { $0.contains(": connected") }
            let batch = #"[{"severity": "info", "message": "read timeout", "attributes": {"service.name": "checkout"}},"#
                + #" {"severity": "info", "message": "read timeout", "attributes": {"service.name": "search"}},"#
                + #" {"severity": "error", "message": "failed", "attributes": {"service.name": "checkout", "status": 503}},"#
                + #" {"severity": "info", "message": "fine", "attributes": {"service.name": "checkout", "status": 200}}]"#
            #expect(try await post(client, token, batch) == .created)
            let stream = await tail.read { entryEvents($0).count >= 2 }
            #expect(entryEvents(stream.text).map { $0["message"] as? String } == ["read timeout", "failed"])
            #expect(!stream.text.contains("fine"))
            for bad in ["status >= ok", "error | stats count()"] {
                let refused = try openTail(port: port, token: token, query: "?query=\(bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                let answer = await refused.read { $0.contains("invalid_request") }
                #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(bad): \(answer.text)")
            }
        }
    }

    @Test("sends heartbeat comments on an idle stream")
    func heartbeats() async throws {
        try await withServer({ $0.gateway.tail.heartbeatSeconds = 1 }) { client, token in
            let tail = try openTail(port: try #require(client.port), token: token)
            let stream = await tail.read { $0.components(separatedBy: ": heartbeat").count > 2 }
            #expect(stream.text.components(separatedBy: ": heartbeat").count > 2)
        }
    }

    @Test("refuses more tails than max_clients with 503 and Retry-After, and frees the slot as soon as its client goes away")
    func cap() async throws {
        try await withServer({ $0.gateway.tail.maxClients = 1 }) { client, token in
            let port = try #require(client.port)
            var first: RawConnection? = try openTail(port: port, token: token)
            _ = await first?.read { $0.contains(": connected") }
            let refused = try await client.execute(uri: "/logs/tail", method: .get, headers: headers(token, contentType: nil))
            #expect(refused.status == .serviceUnavailable)
            #expect(try errorCode(refused.body) == "overloaded")
            #expect(refused.headers[.retryAfter] != nil)
            first = nil
            var reopened = false
            // Nothing is written to the closed stream: the server sees the client leave and ends the tail at once.
            for _ in 0..<10 where !reopened {
                try await Task.sleep(for: .milliseconds(100))
                let again = try openTail(port: port, token: token)
                reopened = await again.read { $0.contains("\r\n\r\n") }.text.hasPrefix("HTTP/1.1 200")
            }
            #expect(reopened)
            _ = first
        }
    }

    @Test("needs a token that may read: 401 without one, 403 for a writer-only client")
    func authorization() async throws {
        try await withService { client, _, pool in
            let anonymous = try await client.execute(uri: "/logs/tail", method: .get, headers: [:])
            #expect(anonymous.status == .unauthorized)
            let machine = try await pool.createClient(tenant: "acme")
            let basic = Data("\(machine.clientID):\(machine.clientSecret)".utf8).base64EncodedString()
            let issued = try await client.execute(uri: "/oauth2/token", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic \(basic)"],
                                                  body: ByteBuffer(string: "grant_type=client_credentials"))
            let writerToken = try #require(try json(issued.body)["access_token"] as? String)
            let forbidden = try await client.execute(uri: "/logs/tail", method: .get, headers: headers(writerToken, contentType: nil))
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test("a client that falls behind its buffer gets a final dropped event, and every write meanwhile succeeds")
    func slowClientDropped() async throws {
        try await withServer({ $0.gateway.tail.bufferEntries = 20; $0.gateway.tail.stallSeconds = 60 }) { client, token in
            let tail = try openTail(port: try #require(client.port), token: token, receiveBuffer: 4096)
            // Not reading: the server's writes back up, the backlog passes 20 entries.
            let message = String(repeating: "x", count: 60_000)
            let batch = "[" + Array(repeating: #"{"severity": "info", "message": "\#(message)"}"#, count: 10).joined(separator: ",") + "]"
            for _ in 0..<40 { #expect(try await post(client, token, batch) == .created) }
            let stream = await tail.read { $0.contains("event: dropped") }
            #expect(stream.text.contains("event: dropped\ndata: {\"reason\":\"slow_consumer\"}"))
            #expect(entryEvents(stream.text).count < 400)
        }
    }

    @Test("a dropped client that takes nothing at all is disconnected after stall_seconds")
    func stuckClientDisconnected() async throws {
        try await withServer({ $0.gateway.tail.bufferEntries = 20; $0.gateway.tail.stallSeconds = 1 }) { client, token in
            let tail = try openTail(port: try #require(client.port), token: token, receiveBuffer: 4096)
            let message = String(repeating: "x", count: 60_000)
            let batch = "[" + Array(repeating: #"{"severity": "info", "message": "\#(message)"}"#, count: 10).joined(separator: ",") + "]"
            for _ in 0..<40 { #expect(try await post(client, token, batch) == .created) }
            try await Task.sleep(for: .seconds(3))
            let stream = await tail.read()
            #expect(stream.closed, "the server closes a stuck tail's connection")
        }
    }

    @Test("a tail ends at its token's expiry with a final dropped event saying why, then closes")
    func endsAtExpiry() async throws {
        try await withService({ $0.auth.tokenLifetimeSeconds = 3; $0.auth.clockLeewaySeconds = 0 }) { client, _, pool in
            let tail = try openTail(port: try #require(client.port), token: try await pool.idToken(for: "admin"))
            #expect(await tail.read { $0.contains(": connected") }.text.hasPrefix("HTTP/1.1 200"))
            #expect(await tail.isClosed(within: .seconds(7)), "the server ends a tail whose token expired")
            let stream = dechunked(await tail.read().text)
            #expect(stream.hasSuffix("event: dropped\ndata: {\"message\":\"the token has expired\",\"reason\":\"unauthenticated\"}\n\n"))
        }
    }

    @Test("a tail ends within 2 seconds when its user is disabled")
    func endsAtRevocation() async throws {
        try await withService { client, _, pool in
            _ = try await pool.createUser("dora", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
            let token = try await pool.idToken(for: "dora")
            let tail = try openTail(port: try #require(client.port), token: token)
            #expect(await tail.read { $0.contains(": connected") }.text.hasPrefix("HTTP/1.1 200"))
            try await pool.setEnabled("dora", false)
            #expect(await tail.isClosed(within: .seconds(3)), "the server ends the tail of a disabled user")
            let stream = dechunked(await tail.read().text)
            #expect(stream.contains("event: dropped\ndata: {\"message\":\"the token was revoked"))
        }
    }

    @Test("a tail opened with an API key ends when the key is revoked, with a final dropped event saying so")
    func endsAtKeyRevocation() async throws {
        try await withService { client, _, pool in
            let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .reader))
            let tail = try openTail(port: try #require(client.port), token: created.key)
            #expect(await tail.read { $0.contains(": connected") }.text.hasPrefix("HTTP/1.1 200"))
            try await pool.apiKeyring.revoke(created.summary.id, of: nil)
            #expect(await tail.isClosed(within: .seconds(3)), "the server ends the tail of a revoked key")
            let stream = dechunked(await tail.read().text)
            #expect(stream.contains("event: dropped\ndata: {\"message\":\"the API key \(created.summary.id) was revoked\""))
            #expect(!stream.contains(String(created.key.suffix(43))))
        }
    }
}
