@testable import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The value of one series in a Prometheus text exposition (0 when absent).
private func value(_ series: String, in text: String) -> Double {
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1)) ?? 0
    }
    return 0
}

private func scrape(_ client: any TestClientProtocol) async throws -> String {
    let response = try await client.execute(uri: "/metrics", method: .get)
    #expect(response.status == .ok)
    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
    return String(buffer: response.body)
}

// Metrics are per process and tests run in parallel: each check is on growth, at least what this test caused.
@Suite("Prometheus metrics at GET /metrics")
struct MetricsTests {
    @Test("counts requests per route and status, entries ingested and auth failures by reason")
    func countsWhatHappened() async throws {
        try await withServer { client, token in
            let before = try await scrape(client)
            let created = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                   body: ByteBuffer(string: #"[{"severity": "info", "message": "a"}, {"severity": "info", "message": "b"}, {"severity": "info", "message": "c"}]"#))
            #expect(created.status == .created)
            let forged = try await client.execute(uri: "/logs", method: .get, headers: headers("not.a.jwt", contentType: nil))
            #expect(forged.status == .unauthorized)
            let after = try await scrape(client)
            let posted = #"hb_requests{http_route="/logs",http_request_method="POST",http_response_status_code="201"}"#
            #expect(value(posted, in: after) >= value(posted, in: before) + 1)
            let refused = #"hb_requests{http_route="/logs",http_request_method="GET",http_response_status_code="401"}"#
            #expect(value(refused, in: after) >= value(refused, in: before) + 1)
            #expect(value("logsvc_entries_ingested_total", in: after) >= value("logsvc_entries_ingested_total", in: before) + 3)
            let malformed = #"logsvc_auth_failures_total{reason="malformed"}"#
            #expect(value(malformed, in: after) >= value(malformed, in: before) + 1)
            #expect(after.contains(#"http_server_request_duration_bucket{http_route="/logs",http_request_method="POST",http_response_status_code="201",le="0.001"}"#))
            #expect(after.contains("logsvc_store_commit_duration_seconds_count"))
        }
    }

    @Test("has bus queue depth and rejections per topic, and never a tenant name, a token or an unknown path in a label")
    func labelsAreBounded() async throws {
        try await withService { client, _, pool in
            _ = try await pool.createUser("metrics-user", tenant: "tenant-secret-name", groups: [], temporaryPassword: "Temp-Passw0rd")
            let token = try await pool.idToken(for: "metrics-user")
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                         body: ByteBuffer(string: #"{"severity": "info", "message": "m"}"#))
            _ = try await client.execute(uri: "/no/such/path-\(UUID().uuidString)", method: .get)
            let text = try await scrape(client)
            for topic in ["auth.verify", "ingest.put", "query.recent", "crypto.seal", "crypto.open"] {
                #expect(text.contains(#"logsvc_bus_queued{topic="\#(topic)""#))
                #expect(text.contains(#"logsvc_bus_rejections_total{topic="\#(topic)""#))
            }
            #expect(!text.contains("tenant-secret-name"))
            #expect(!text.contains(token))
            #expect(!text.contains("/no/such/path"))
        }
    }
}
