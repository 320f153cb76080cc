import CoreMetrics
import Model

/// Why a bearer token or API key was refused: the `reason` label of `logsvc_auth_failures_total`.
enum TokenRejection: String, CaseIterable {
    case missing, oversized, malformed, algorithm, audience, expired, claims
    /// A local-pool token issued before its principal's revocation (disabled, deleted, signed out, new password).
    case revoked
    /// A local-pool token living longer than the pool issues, or without `iat` or `sub`.
    case lifetime
    case untrustedIssuer = "untrusted_issuer"
    case unknownKey = "unknown_key"
    case badSignature = "bad_signature"
    case notYetValid = "not_yet_valid"
    case tokenUse = "token_use"
    /// A local-pool token that a retired signing key signed after its retirement.
    case retiredKey = "retired_key"
    /// An `lsk_` credential that is not the shape of an API key.
    case apiKeyMalformed = "api_key_malformed"
    /// An API key whose id names no key of this pool (or a process without a pool).
    case apiKeyUnknown = "api_key_unknown"
    /// An API key whose id is known but whose secret is not that key's.
    case apiKeyWrongSecret = "api_key_wrong_secret"
    case apiKeyRevoked = "api_key_revoked"
    case apiKeyExpired = "api_key_expired"

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
