import CoreMetrics
import Model

/// Why a bearer token was refused: the `reason` label of `logsvc_auth_failures_total`.
enum TokenRejection: String, CaseIterable {
    case missing, oversized, malformed, algorithm, audience, expired, claims
    case untrustedIssuer = "untrusted_issuer"
    case unknownKey = "unknown_key"
    case badSignature = "bad_signature"
    case notYetValid = "not_yet_valid"
    case tokenUse = "token_use"

    func error(_ message: String) -> ServiceError {
        ServiceError(.unauthenticated, message, reason: rawValue)
    }
}

/// Counts refused credentials by reason: token rejections, refused logins and client secrets.
struct AuthFailureMetrics: Sendable {
    private let counters: [String: Counter]

    init() {
        let reasons = TokenRejection.allCases.map(\.rawValue) + ["login_refused", "login_throttled", "client_refused", "other"]
        counters = Dictionary(uniqueKeysWithValues: reasons.map {
            ($0, Counter(label: "logsvc_auth_failures_total", dimensions: [("reason", $0)]))
        })
    }

    func record(_ reason: String?) {
        (counters[reason ?? "other"] ?? counters["other"])?.increment()
    }
}
